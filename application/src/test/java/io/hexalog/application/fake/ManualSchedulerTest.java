package io.hexalog.application.fake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManualSchedulerTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void shouldRunTasksOnlyWhenTheirTimeComes() {
        scheduler.schedule(Duration.ofMillis(100), () -> ran.add("a"));

        scheduler.advance(Duration.ofMillis(99));
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("a");
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldRunDueTasksInTimeOrderThenSchedulingOrder() {
        scheduler.schedule(Duration.ofMillis(30), () -> ran.add("late"));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("early-1"));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("early-2"));

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(ran).containsExactly("early-1", "early-2", "late");
    }

    @Test
    void shouldNotRunACancelledTask() {
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("cancelled")).cancel();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(ran).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldRunATaskScheduledByAnotherTaskIfItIsDue() {
        scheduler.schedule(Duration.ofMillis(10),
                () -> scheduler.schedule(Duration.ofMillis(10), () -> ran.add("second")));

        scheduler.advance(Duration.ofMillis(15));
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly("second");
    }

    @Test
    void shouldMeasureDelaysFromTheCurrentTime() {
        scheduler.advance(Duration.ofMillis(500));
        scheduler.schedule(Duration.ofMillis(100), () -> ran.add("a"));

        scheduler.advance(Duration.ofMillis(99));
        assertThat(ran).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("a");
    }
}
