package io.hexalog.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time that broker processes on this machine have used so far, as Linux accounts it in
 * {@code /proc/<pid>/stat}: user time plus system time (fields 14 and 15), in clock ticks. Read right before and
 * right after a phase of a run, the difference is what the brokers themselves spent on it, which the clients
 * sharing the machine cannot blur the way they blur throughput. Several processes (the nodes of a cluster) are
 * added up.
 */
final class BrokerCpu {

    /** {@code utime} is field 14 of the line; the fields are counted from 3 after the command name. */
    private static final int UTIME_AFTER_COMMAND = 14 - 3;
    private static final int STIME_AFTER_COMMAND = 15 - 3;

    private final Path proc;
    private final List<Long> pids;
    private final long ticksPerSecond;

    /**
     * @param proc           where the process directories are, normally {@code /proc}
     * @param pids           the broker processes, at least one
     * @param ticksPerSecond the kernel's clock ticks per second ({@code getconf CLK_TCK}, normally 100)
     */
    BrokerCpu(Path proc, List<Long> pids, long ticksPerSecond) {
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("at least one broker process is needed");
        }
        if (ticksPerSecond < 1) {
            throw new IllegalArgumentException("clock ticks per second must be positive, not " + ticksPerSecond);
        }
        this.proc = proc;
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = ticksPerSecond;
    }

    long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** User plus system ticks of every broker process so far. */
    long ticks() {
        long total = 0;
        for (long pid : pids) {
            Path stat = proc.resolve(Long.toString(pid)).resolve("stat");
            try {
                total += cpuTicks(Files.readString(stat));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CPU time of broker process " + pid + " from " + stat, e);
            }
        }
        return total;
    }

    /**
     * User plus system ticks from one {@code /proc/<pid>/stat} line. The command name, field 2, is in parentheses
     * and may itself hold spaces and parentheses, so the fields are counted from the last closing parenthesis.
     */
    static long cpuTicks(String statLine) {
        int commandEnd = statLine.lastIndexOf(')');
        if (commandEnd < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (no command name): " + statLine);
        }
        String[] fields = statLine.substring(commandEnd + 1).trim().split(" +");
        if (fields.length <= STIME_AFTER_COMMAND) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (" + (fields.length + 2)
                    + " fields, utime and stime are fields 14 and 15): " + statLine);
        }
        try {
            return Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[STIME_AFTER_COMMAND]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime and stime (fields 14 and 15) are not numbers: " + statLine, e);
        }
    }
}
