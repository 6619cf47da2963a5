package io.hearth.conformance.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What {@code /proc} and the file system say about a receiver: CPU time, resident memory, bytes on disk. */
final class ProcessProbe {

    private ProcessProbe() {
    }

    /** @return user plus system CPU seconds the process has used so far */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return this process's own user plus system CPU seconds so far (the bench's senders) */
    static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * @return CPU seconds the whole machine has spent busy so far, summed over its processors:
     *     every {@code /proc/stat} column but idle and iowait
     */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the process's resident set size (VmRSS) in bytes */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the sizes of the regular files under {@code directory} (apparent sizes, as
     *     {@code du -sb}), skipping any path under {@code skip} (may be null)
     */
    static long bytesOnDisk(Path directory, Path skip) {
        for (int attempt = 0; ; attempt++) {
            try {
                return walk(directory, skip);
            } catch (UncheckedIOException vanished) {
                // a directory removed by a merge or compaction while walking: walk again
                if (attempt == 10) {
                    throw vanished;
                }
            }
        }
    }

    private static long walk(Path directory, Path skip) {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> skip == null || !p.startsWith(skip)).filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0; // removed by a merge or compaction while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
