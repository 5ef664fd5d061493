package ma.pmogateway.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What Linux's {@code /proc} says about a process: the CPU time it used (user + system, from
 * {@code /proc/PID/stat}), its resident memory ({@code VmRSS}), and the machine's load averages. A
 * server's CPU per request is the difference of its CPU time over a phase divided by the phase's
 * requests, so it counts every thread of the server (Jetty, CXF, the journal, the delivery worker, GC,
 * JIT) and nothing of the load driver's.
 */
final class Proc {

    private static final long TICKS_PER_SECOND = clockTicks();

    private Proc() {
    }

    /** Returns the CPU time {@code pid} has used so far, user + system, with its waited-for children's. */
    static Duration cpu(long pid) {
        String[] fields = statFields(pid);
        // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (proc(5)).
        long ticks = 0;
        for (int field = 14; field <= 17; field++) {
            ticks += Long.parseLong(fields[field - 3]);
        }
        return Duration.ofNanos(ticks * 1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Returns the CPU time of {@code root} and of every process now descending from it (a PostgreSQL server). */
    static Duration treeCpu(long root) {
        Duration total = cpu(root);
        for (long child : descendants(root)) {
            try {
                total = total.plus(cpu(child));
            } catch (UncheckedIOException exited) {
                // Gone between the listing and the read: its time is now in its parent's cutime.
            }
        }
        return total;
    }

    /** Returns the resident set size of {@code pid} in KiB. */
    static long rssKib(long pid) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** Returns the 1, 5 and 15 minute load averages as {@code /proc/loadavg} gives them. */
    static String loadAverages() {
        String[] fields = lines(Path.of("/proc/loadavg")).get(0).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** Returns the 1-minute load average. */
    static String load1() {
        return loadAverages().split(" ")[0];
    }

    /** Returns the pid of the process whose command line contains every one of {@code words}, if one runs. */
    static OptionalLong find(String... words) {
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("[0-9]+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
                } catch (IOException exited) {
                    continue;
                }
                if (List.of(words).stream().allMatch(commandLine::contains)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> descendants(long root) {
        List<Long> found = new ArrayList<>();
        List<Long> parents = new ArrayList<>(List.of(root));
        try (var processes = Files.list(Path.of("/proc"))) {
            List<long[]> pidAndParent = new ArrayList<>();
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("[0-9]+")).toList()) {
                long pid = Long.parseLong(process.getFileName().toString());
                try {
                    pidAndParent.add(new long[] {pid, Long.parseLong(statFields(pid)[1])});
                } catch (UncheckedIOException exited) {
                    // Gone: nothing to count.
                }
            }
            while (!parents.isEmpty()) {
                List<Long> next = new ArrayList<>();
                for (long[] entry : pidAndParent) {
                    if (parents.contains(entry[1])) {
                        next.add(entry[0]);
                    }
                }
                found.addAll(next);
                parents = next;
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of /proc/PID/stat after the command name (which may hold spaces): index 0 is the state. */
    private static String[] statFields(long pid) {
        String stat = lines(Path.of("/proc", Long.toString(pid), "stat")).get(0);
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String ticks = new String(getconf.getInputStream().readAllBytes()).strip();
            if (getconf.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + ticks);
            }
            return Long.parseLong(ticks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
