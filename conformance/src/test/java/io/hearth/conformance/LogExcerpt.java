package io.hearth.conformance;

/** A long server log cut for an assertion message: its first and last lines, with the count left out. */
final class LogExcerpt {

    private LogExcerpt() {
    }

    /**
     * @param log the whole log
     * @param lines how many lines to keep at each end
     * @return the log itself when it has at most twice that many lines, else its head and tail
     */
    static String headAndTail(String log, int lines) {
        String[] all = log.split("\n", -1);
        if (all.length <= 2 * lines) {
            return log;
        }
        return String.join("\n", java.util.Arrays.copyOfRange(all, 0, lines))
                + "\n[... " + (all.length - 2 * lines) + " lines left out ...]\n"
                + String.join("\n", java.util.Arrays.copyOfRange(all, all.length - lines, all.length));
    }
}
