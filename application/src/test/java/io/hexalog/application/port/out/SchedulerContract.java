package io.hexalog.application.port.out;

import io.hexalog.application.port.out.Scheduler.Cancellable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What every {@link Scheduler} promises. An adapter's test extends this class, supplies a fresh scheduler per
 * test and says how the scheduler's time passes: a real-time scheduler waits, a manual one moves its clock.
 * No test depends on the luck of thread timing: a test that cancels a task keeps the scheduler busy
 * meanwhile, and tasks scheduled out of order fall due far apart.
 */
public abstract class SchedulerContract {

    /** A delay a real-time scheduler can wait out in a test. */
    protected static final Duration SHORT = Duration.ofMillis(50);
    /** A delay no test lets pass. */
    protected static final Duration LONG = Duration.ofHours(1);
    /** How far apart tasks fall due when a test schedules them out of order: more than a test thread stalls. */
    private static final Duration SPREAD = Duration.ofMillis(500);

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private Scheduler scheduler;

    /** The scheduler under test, with no task scheduled. Called once before each test. */
    protected abstract Scheduler createScheduler();

    /**
     * Lets {@code duration} of the scheduler's time pass, then returns once every task due by then has run.
     * It may rethrow the failure of a task that threw, but only after the other due tasks have run.
     */
    protected abstract void advance(Duration duration);

    /** The scheduler's time in nanoseconds, from an arbitrary origin. */
    protected abstract long nanoTime();

    @BeforeEach
    void createSchedulerUnderTest() {
        scheduler = createScheduler();
    }

    protected Scheduler scheduler() {
        return scheduler;
    }

    @Test
    void shouldRunATaskOnceWhenItsDelayHasPassed() {
        scheduler.schedule(SHORT, () -> ran.add("task"));

        advance(SHORT);
        advance(SHORT);

        assertThat(ran).containsExactly("task");
    }

    @Test
    void shouldNeverRunATaskBeforeItsDelayHasPassed() {
        AtomicLong ranAt = new AtomicLong();
        long scheduledAt = nanoTime();

        scheduler.schedule(SHORT, () -> ranAt.set(nanoTime()));
        advance(SHORT);

        assertThat(ranAt.get() - scheduledAt).isGreaterThanOrEqualTo(SHORT.toNanos());
    }

    @Test
    void shouldNotRunATaskWhoseDelayHasNotPassed() {
        scheduler.schedule(LONG, () -> ran.add("later"));

        advance(SHORT);

        assertThat(ran).isEmpty();
    }

    @Test
    void shouldRunATaskWithZeroOrNegativeDelayAtOnceWithoutTurningTimeBack() {
        AtomicLong negativeRanAt = new AtomicLong();
        long scheduledAt = nanoTime();

        scheduler.schedule(Duration.ZERO, () -> ran.add("zero"));
        scheduler.schedule(Duration.ofMillis(-10), () -> {
            negativeRanAt.set(nanoTime());
            ran.add("negative");
        });
        advance(Duration.ZERO);

        assertThat(ran).containsExactly("zero", "negative");
        assertThat(negativeRanAt.get()).isGreaterThanOrEqualTo(scheduledAt);
    }

    @Test
    void shouldRunTasksInTheOrderTheyFallDue() {
        scheduler.schedule(SPREAD.multipliedBy(2), () -> ran.add("third"));
        scheduler.schedule(Duration.ZERO, () -> ran.add("first"));
        scheduler.schedule(SPREAD, () -> ran.add("second"));

        advance(SPREAD.multipliedBy(2));

        assertThat(ran).containsExactly("first", "second", "third");
    }

    @Test
    void shouldRunTasksWithTheSameDelayInTheOrderTheyWereScheduled() {
        List<String> scheduled = List.of("a", "b", "c", "d", "e");
        scheduled.forEach(name -> scheduler.schedule(SHORT, () -> ran.add(name)));

        advance(SHORT);

        assertThat(ran).containsExactlyElementsOf(scheduled);
    }

    @Test
    void shouldRunTasksOneAtATime() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            scheduler.schedule(SHORT, () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                pause(Duration.ofMillis(10));
                running.decrementAndGet();
                ran.add("task");
            });
        }

        advance(SHORT);

        assertThat(ran).hasSize(4);
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void shouldNotRunATaskCancelledBeforeItIsDue() {
        CountDownLatch busy = occupyTheScheduler();
        Cancellable task = scheduler.schedule(SHORT, () -> ran.add("cancelled"));

        task.cancel();
        busy.countDown();
        advance(SHORT.multipliedBy(2));

        assertThat(ran).isEmpty();
    }

    @Test
    void shouldNotRunATaskCancelledWhenItIsDueButHasNotStarted() {
        CountDownLatch busy = occupyTheScheduler();
        Cancellable task = scheduler.schedule(Duration.ZERO, () -> ran.add("cancelled"));

        task.cancel();
        busy.countDown();
        advance(SHORT);

        assertThat(ran).isEmpty();
    }

    @Test
    void shouldCancelOnlyTheTaskItWasCalledOn() {
        CountDownLatch busy = occupyTheScheduler();
        scheduler.schedule(Duration.ZERO, () -> ran.add("kept"));
        Cancellable cancelled = scheduler.schedule(Duration.ZERO, () -> ran.add("cancelled"));

        cancelled.cancel();
        busy.countDown();
        advance(Duration.ZERO);

        assertThat(ran).containsExactly("kept");
    }

    @Test
    void shouldDoNothingWhenATaskThatHasRunIsCancelledOnceOrTwice() {
        Cancellable task = scheduler.schedule(SHORT, () -> ran.add("task"));
        advance(SHORT);

        task.cancel();
        task.cancel();
        advance(SHORT);

        assertThat(ran).containsExactly("task");
    }

    @Test
    void shouldNotRunADueTaskThatAnEarlierTaskCancels() {
        CountDownLatch busy = occupyTheScheduler();
        AtomicReference<Cancellable> victim = new AtomicReference<>();
        scheduler.schedule(Duration.ZERO, () -> {
            ran.add("canceller");
            victim.get().cancel();
        });
        victim.set(scheduler.schedule(Duration.ZERO, () -> ran.add("victim")));

        busy.countDown();
        advance(Duration.ZERO);

        assertThat(ran).containsExactly("canceller");
    }

    @Test
    void shouldRunATaskThatAnotherTaskSchedulesOnceItsOwnDelayHasPassed() {
        AtomicLong firstRanAt = new AtomicLong();
        AtomicLong secondRanAt = new AtomicLong();
        scheduler.schedule(SHORT, () -> {
            firstRanAt.set(nanoTime());
            ran.add("first");
            scheduler.schedule(SHORT, () -> {
                secondRanAt.set(nanoTime());
                ran.add("second");
            });
        });

        advance(SHORT);
        advance(SHORT);

        assertThat(ran).containsExactly("first", "second");
        assertThat(secondRanAt.get() - firstRanAt.get()).isGreaterThanOrEqualTo(SHORT.toNanos());
    }

    @Test
    void shouldKeepRunningTasksAfterOneThrows() {
        scheduler.schedule(SHORT, () -> {
            throw new IllegalStateException("a task that fails on purpose");
        });
        scheduler.schedule(SHORT, () -> ran.add("after the failure"));

        catchThrowable(() -> advance(SHORT));
        assertThat(ran).containsExactly("after the failure");
        scheduler.schedule(SHORT, () -> ran.add("scheduled later"));
        advance(SHORT);

        assertThat(ran).containsExactly("after the failure", "scheduled later");
    }

    @Test
    void shouldAcceptSchedulesAndCancelsFromManyThreadsAtOnce() throws Exception {
        int threadCount = 4;
        int tasksPerThread = 100;
        AtomicIntegerArray runs = new AtomicIntegerArray(threadCount * tasksPerThread);
        CountDownLatch busy = occupyTheScheduler();
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int first = t * tasksPerThread;
                done.add(threads.submit(() -> {
                    for (int task = first; task < first + tasksPerThread; task++) {
                        int index = task;
                        Cancellable scheduled = scheduler.schedule(SHORT, () -> runs.incrementAndGet(index));
                        if (index % 2 == 1) {
                            scheduled.cancel();
                        }
                    }
                }));
            }
            for (Future<?> thread : done) {
                thread.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        busy.countDown();
        advance(SHORT);

        for (int task = 0; task < runs.length(); task++) {
            assertThat(runs.get(task)).as("runs of task %d", task).isEqualTo(task % 2 == 0 ? 1 : 0);
        }
    }

    /**
     * Keeps the scheduler busy with a task that waits until the returned latch opens. Tasks run one at a time
     * in due order, so a task scheduled meanwhile cannot start before the latch opens, however long the test
     * thread takes: a test can cancel it while it is due. A manual scheduler runs the waiting task only when
     * advanced, by which time the latch is open.
     */
    private CountDownLatch occupyTheScheduler() {
        CountDownLatch open = new CountDownLatch(1);
        scheduler.schedule(Duration.ZERO, () -> {
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The test never let the scheduler go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return open;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while pausing in a task", e);
        }
    }
}
