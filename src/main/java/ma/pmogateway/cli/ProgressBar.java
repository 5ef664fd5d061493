package ma.pmogateway.cli;

import java.io.PrintWriter;

import ma.pmogateway.audit.JournalAudit;

/**
 * A one-line progress bar, redrawn in place on a terminal ({@code \r}), at most once per percent so
 * that a long audit does not spend its time printing.
 */
final class ProgressBar implements JournalAudit.Progress {

    private static final int WIDTH = 40;

    private final PrintWriter terminal;
    private long lastPercent = -1;

    ProgressBar(PrintWriter terminal) {
        this.terminal = terminal;
    }

    @Override
    public void advanced(long done, long total) {
        long percent = total == 0 ? 100 : done * 100 / total;
        if (percent == lastPercent && done != total) {
            return;
        }
        lastPercent = percent;
        int filled = (int) (percent * WIDTH / 100);
        terminal.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent + "% " + done + "/"
                + total + " accepted records");
        if (done == total) {
            terminal.println();
        }
        terminal.flush();
    }
}
