package io.hexalog.application.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static io.hexalog.application.service.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Each key's tasks run one at a time in submission order; different keys' tasks are handed out side by side. */
class KeyedSerialExecutorTest {

    private final QueuedExecutor pool = new QueuedExecutor();
    private final KeyedSerialExecutor<String> lines = new KeyedSerialExecutor<>(pool);
    private final List<String> ran = new ArrayList<>();

    @Test
    void shouldHandOutTheTasksOfOneKeyOneAtATimeInSubmissionOrder() {
        CompletableFuture<String> first = lines.submit("a", () -> record("a1"));
        CompletableFuture<String> second = lines.submit("a", () -> record("a2"));
        CompletableFuture<String> third = lines.submit("a", () -> record("a3"));

        assertThat(pool.queued()).isEqualTo(1);
        pool.runNext();
        assertThat(first).isCompletedWithValue("a1");
        assertThat(second).isNotDone();
        assertThat(pool.queued()).isEqualTo(1);
        pool.runAll();

        assertThat(ran).containsExactly("a1", "a2", "a3");
        assertThat(third).isCompletedWithValue("a3");
    }

    @Test
    void shouldHandOutTasksOfDifferentKeysWithoutWaitingForEachOther() {
        lines.submit("a", () -> record("a1"));
        lines.submit("a", () -> record("a2"));
        CompletableFuture<String> other = lines.submit("b", () -> record("b1"));

        assertThat(pool.queued()).isEqualTo(2);
        pool.runLast();

        assertThat(other).isCompletedWithValue("b1");
        assertThat(ran).containsExactly("b1");
    }

    @Test
    void shouldRunTheNextTaskOfAKeyAfterOneThatFailed() {
        IllegalStateException broken = new IllegalStateException("broken");
        CompletableFuture<String> failing = lines.submit("a", () -> {
            throw broken;
        });
        CompletableFuture<String> next = lines.submit("a", () -> record("a2"));

        pool.runAll();

        assertThat(failureOf(failing)).isSameAs(broken);
        assertThat(next).isCompletedWithValue("a2");
    }

    @Test
    void shouldForgetAKeyOnceItsLastTaskHasRun() {
        for (int i = 0; i < 100; i++) {
            lines.submit("group-" + i, () -> record("x"));
        }
        lines.submit("group-0", () -> record("y"));
        assertThat(lines.activeKeys()).isEqualTo(100);

        pool.runAll();

        assertThat(lines.activeKeys()).isZero();
        assertThat(ran).hasSize(101);
    }

    @Test
    void shouldFailATaskTheExecutorRefusesAndKeepServingTheKey() {
        pool.refuseNext();
        CompletableFuture<String> refused = lines.submit("a", () -> record("a1"));

        assertThat(failureOf(refused)).isInstanceOf(RejectedExecutionException.class);
        assertThat(lines.activeKeys()).isZero();
        CompletableFuture<String> accepted = lines.submit("a", () -> record("a2"));
        pool.runAll();
        assertThat(accepted).isCompletedWithValue("a2");
        assertThat(ran).containsExactly("a2");
    }

    private String record(String task) {
        ran.add(task);
        return task;
    }

    /** An executor that only queues tasks; the test runs them when it chooses. */
    private static final class QueuedExecutor implements Executor {

        private final Queue<Runnable> tasks = new ArrayDeque<>();
        private boolean refuseNext;

        @Override
        public void execute(Runnable task) {
            if (refuseNext) {
                refuseNext = false;
                throw new RejectedExecutionException("refused");
            }
            tasks.add(task);
        }

        int queued() {
            return tasks.size();
        }

        void runNext() {
            tasks.remove().run();
        }

        void runLast() {
            List<Runnable> all = new ArrayList<>(tasks);
            tasks.clear();
            tasks.addAll(all.subList(0, all.size() - 1));
            all.get(all.size() - 1).run();
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                runNext();
            }
        }

        void refuseNext() {
            refuseNext = true;
        }
    }
}
