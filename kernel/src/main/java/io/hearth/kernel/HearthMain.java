package io.hearth.kernel;

import io.hearth.kernel.config.CommandLineFlags;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * {@code bin/hearth}: runs the server in the foreground until SIGTERM or SIGINT, then stops it
 * gracefully and exits 0.
 */
public final class HearthMain {

    private static final Logger LOG = Logger.getLogger(HearthMain.class.getName());

    private HearthMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(CommandLineFlags.usage());
                return;
            }
        }
        if (args.length > 0 && args[0].equals("root-credentials")) {
            showRootCredentials(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, String> flags;
        try {
            flags = CommandLineFlags.parse(args);
        } catch (CommandLineFlags.UsageException e) {
            System.err.println("hearth: " + e.getMessage());
            System.err.print(CommandLineFlags.usage());
            System.exit(2);
            return;
        }
        HearthServer server;
        try {
            server = HearthServer.start(flags);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Hearth could not start: " + rootMessage(e), e);
            System.exit(1);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        stop.await();
        LOG.info("signal received: stopping (finishing in-flight requests)");
        server.close();
        LOG.info("Hearth stopped");
        System.exit(0);
    }

    /** {@code bin/hearth root-credentials [--data-dir DIR]}: prints the root key pair again. */
    private static void showRootCredentials(String[] args) {
        try {
            org.eclipse.microprofile.config.Config config =
                    io.hearth.kernel.config.HearthConfig.build(CommandLineFlags.parse(args));
            java.nio.file.Path dataDir = java.nio.file.Path.of(config.getValue("hearth.data-dir", String.class));
            java.nio.file.Path keyFile = java.nio.file.Path.of(config.getValue("hearth.auth.master-key-file", String.class));
            System.out.print(io.hearth.kernel.identity.RootCredentialsFile.show(dataDir, keyFile));
        } catch (RuntimeException e) {
            System.err.println("hearth: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }
}
