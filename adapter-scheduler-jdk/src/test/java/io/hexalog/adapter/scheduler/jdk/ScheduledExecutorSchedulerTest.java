package io.hexalog.adapter.scheduler.jdk;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.SchedulerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduledExecutorSchedulerTest extends SchedulerContract {

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private ScheduledExecutorScheduler scheduler;

    @Override
    protected Scheduler createScheduler() {
        scheduler = new ScheduledExecutorScheduler((thread, failure) -> failures.add(failure));
        return scheduler;
    }

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    /**
     * Waits out the duration, then for a task scheduled with no delay: tasks run one at a time in due order,
     * so once it has run, every task due before it has run too.
     */
    @Override
    protected void advance(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            CountDownLatch caughtUp = new CountDownLatch(1);
            scheduler.schedule(Duration.ZERO, caughtUp::countDown);
            assertThat(caughtUp.await(30, TimeUnit.SECONDS)).as("the scheduler caught up within 30 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while letting time pass", e);
        }
    }

    @Override
    protected long nanoTime() {
        return System.nanoTime();
    }

    @Test
    void shouldRunEveryTaskOnOneDaemonThreadNamedAfterTheScheduler() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        scheduler.schedule(Duration.ZERO, () -> threads.add(Thread.currentThread()));
        scheduler.schedule(SHORT, () -> threads.add(Thread.currentThread()));

        advance(SHORT);

        assertThat(threads).hasSize(2).allSatisfy(thread -> {
            assertThat(thread).isSameAs(threads.get(0));
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).isEqualTo(ScheduledExecutorScheduler.THREAD_NAME);
        });
    }

    @Test
    void shouldHandTheFailureOfATaskToItsHandler() {
        IllegalStateException failure = new IllegalStateException("a task that fails on purpose");
        scheduler.schedule(Duration.ZERO, () -> {
            throw failure;
        });

        advance(Duration.ZERO);

        assertThat(failures).containsExactly(failure);
    }

    @Test
    void shouldForgetACancelledTaskAtOnce() {
        Scheduler.Cancellable task = scheduler.schedule(LONG, () -> {
        });
        assertThat(scheduler.waitingTasks()).isEqualTo(1);

        task.cancel();

        assertThat(scheduler.waitingTasks()).isZero();
    }

    @Test
    void shouldDiscardWaitingTasksAndRefuseNewOnesOnceClosed() {
        scheduler.schedule(LONG, () -> {
        });

        scheduler.close();

        assertThat(scheduler.waitingTasks()).isZero();
        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> {
        })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shouldInterruptARunningTaskAndWaitForItToEndOnClose() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Thread> schedulerThread = new AtomicReference<>();
        scheduler.schedule(Duration.ZERO, () -> {
            schedulerThread.set(Thread.currentThread());
            started.countDown();
            try {
                Thread.sleep(LONG.toMillis());
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        scheduler.close();

        assertThat(interrupted).isTrue();
        schedulerThread.get().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(schedulerThread.get().isAlive()).isFalse();
    }
}
