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

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }
}
