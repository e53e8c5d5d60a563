package io.hexalog.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerCpuTest {

    /** A real line of a JVM's /proc/<pid>/stat: utime (field 14) 1234, stime (field 15) 56. */
    private static final String JAVA_STAT = "4242 (java) S 1 4242 4242 0 -1 4194560 52183 0 0 0 1234 56 0 0 20 0 "
            + "61 0 7850049 4029566976 123456 18446744073709551615 1 1 0 0 0 0 0 2 16798974 0 0 0 17 1 0 0 0 0 0";

    @TempDir
    Path proc;

    @Test
    void shouldAddUserAndSystemTicksOfAStatLine() {
        assertThat(BrokerCpu.cpuTicks(JAVA_STAT)).isEqualTo(1234 + 56);
    }

    @Test
    void shouldCountFieldsAfterACommandNameWithSpacesAndParentheses() {
        // The command name is what the process chose; it may look like more fields, or end early.
        String stat = JAVA_STAT.replace("(java)", "(my (odd) ) name 7 8)");

        assertThat(BrokerCpu.cpuTicks(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void shouldReadTheKernelsNewlineTerminatedLine() {
        assertThat(BrokerCpu.cpuTicks(JAVA_STAT + "\n")).isEqualTo(1234 + 56);
    }

    @Test
    void shouldRefuseALineWithoutACommandName() {
        assertThatThrownBy(() -> BrokerCpu.cpuTicks("4242 java S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no command name");
    }

    @Test
    void shouldRefuseALineTooShortToHoldTheCpuTimes() {
        assertThatThrownBy(() -> BrokerCpu.cpuTicks("4242 (java) S 1 4242 4242 0 -1 4194560 52183 0 0 0 1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields 14 and 15");
    }

    @Test
    void shouldAddTheTicksOfEveryBrokerProcess() throws IOException {
        writeStat(101, JAVA_STAT);
        writeStat(102, JAVA_STAT.replace(" 1234 56 ", " 10 5 "));

        BrokerCpu cpu = new BrokerCpu(proc, List.of(101L, 102L), 100);

        assertThat(cpu.ticks()).isEqualTo(1234 + 56 + 10 + 5);
    }

    @Test
    void shouldSeeTheTicksAProcessSpendsBetweenTwoReadings() throws IOException {
        writeStat(101, JAVA_STAT);
        BrokerCpu cpu = new BrokerCpu(proc, List.of(101L), 100);
        long before = cpu.ticks();

        writeStat(101, JAVA_STAT.replace(" 1234 56 ", " 1300 60 "));

        assertThat(cpu.ticks() - before).isEqualTo(70);
    }

    @Test
    void shouldNameTheProcessItCannotRead() {
        BrokerCpu cpu = new BrokerCpu(proc, List.of(999L), 100);

        assertThatThrownBy(cpu::ticks)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broker process 999");
    }

    @Test
    void shouldNeedAProcessAndAPositiveClockRate() {
        assertThatThrownBy(() -> new BrokerCpu(proc, List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BrokerCpu(proc, List.of(1L), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void writeStat(long pid, String line) throws IOException {
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("stat"), line + "\n");
    }
}
