package io.hexalog.application.fake;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.SchedulerContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualSchedulerFakeTest extends SchedulerContract {

    private ManualSchedulerFake manual;
    private final List<String> ran = new ArrayList<>();

    @Override
    protected Scheduler createScheduler() {
        manual = new ManualSchedulerFake();
        return manual;
    }

    @Override
    protected void advance(Duration duration) {
        manual.advance(duration);
    }

    @Override
    protected long nanoTime() {
        return TimeUnit.MILLISECONDS.toNanos(manual.clock().millis());
    }

    @Test
    void shouldRunATaskExactlyWhenItsTimeComes() {
        manual.schedule(Duration.ofMillis(100), () -> ran.add("a"));

        manual.advance(Duration.ofMillis(99));
        assertThat(ran).isEmpty();

        manual.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("a");
        assertThat(manual.pendingTasks()).isZero();
    }

    @Test
    void shouldRunATaskScheduledByAnotherTaskWithinTheSameAdvanceIfItIsDue() {
        manual.schedule(Duration.ofMillis(10),
                () -> manual.schedule(Duration.ofMillis(10), () -> ran.add("second")));

        manual.advance(Duration.ofMillis(15));
        assertThat(ran).isEmpty();

        manual.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly("second");
    }

    @Test
    void shouldMeasureDelaysFromTheCurrentTime() {
        manual.advance(Duration.ofMillis(500));
        manual.schedule(Duration.ofMillis(100), () -> ran.add("a"));

        manual.advance(Duration.ofMillis(99));
        assertThat(ran).isEmpty();
        manual.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("a");
    }

    @Test
    void shouldForgetACancelledTask() {
        manual.schedule(Duration.ofMillis(10), () -> ran.add("cancelled")).cancel();

        assertThat(manual.pendingTasks()).isZero();
    }

    @Test
    void shouldRethrowTheFirstFailureOnceEveryDueTaskHasRun() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        manual.schedule(Duration.ofMillis(10), () -> {
            throw first;
        });
        manual.schedule(Duration.ofMillis(20), () -> {
            throw second;
        });
        manual.schedule(Duration.ofMillis(30), () -> ran.add("last"));

        assertThatThrownBy(() -> manual.advance(Duration.ofMillis(30)))
                .isSameAs(first)
                .hasSuppressedException(second);
        assertThat(ran).containsExactly("last");
        assertThat(manual.clock().instant()).isEqualTo(Instant.ofEpochMilli(30));
    }

    @Test
    void shouldShowItsTimeOnItsClock() {
        manual.advance(Duration.ofSeconds(3));

        assertThat(manual.clock().instant()).isEqualTo(Instant.ofEpochSecond(3));
    }
}
