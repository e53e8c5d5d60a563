package io.hexalog.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of the passes that read a topic again a load run reports. */
class LoadReportTest {

    @Test
    void shouldReportThePassOfMedianDurationFromItsFirstRecordToItsLast() {
        // the second pass waited 500 ms for the fetch left at the log's end, but then read fastest
        ConsumePhase.Result slow = pass(300_000_000L, 310_000_000L);
        ConsumePhase.Result waitedThenFast = pass(100_000_000L, 600_000_000L);
        ConsumePhase.Result median = pass(200_000_000L, 205_000_000L);

        LoadTool.Report report = new LoadTool.Report(null, null, List.of(slow, waitedThenFast, median), null, null);

        assertThat(report.catchUp()).isSameAs(median);
    }

    @Test
    void shouldReportTheOnlyPassOfASingleRead() {
        ConsumePhase.Result only = pass(100_000_000L, 150_000_000L);

        assertThat(new LoadTool.Report(null, null, List.of(only), null, null).catchUp()).isSameAs(only);
    }

    private static ConsumePhase.Result pass(long firstToLastNanos, long elapsedNanos) {
        return new ConsumePhase.Result(1_000, 100_000, firstToLastNanos, elapsedNanos, new LatencyHistogram());
    }
}
