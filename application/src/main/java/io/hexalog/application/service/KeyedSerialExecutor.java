package io.hexalog.application.service;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks on a shared executor, one at a time and in submission order for each key, while tasks of
 * different keys run in parallel: each key has a line of its own. A task starts once the one submitted
 * before it under the same key has finished, whether that one succeeded or failed. A key is forgotten as
 * soon as its line is empty, so keys that come and go (group IDs) leave nothing behind.
 *
 * @param <K> what tasks are lined up by; compared with {@code equals}
 */
final class KeyedSerialExecutor<K> {

    private final Executor executor;
    /** The last task submitted under each key with a task queued or running; completes when it has run. */
    private final Map<K, CompletableFuture<Void>> lastTasks = new ConcurrentHashMap<>();

    KeyedSerialExecutor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Lines a task up under its key.
     *
     * @return completes with what the task returns, or exceptionally with what it throws (also when the
     *         executor refuses it)
     */
    <T> CompletableFuture<T> submit(K key, Supplier<T> task) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = lastTasks.put(key, done);
        Runnable run = () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                lastTasks.remove(key, done);
                done.complete(null);
            }
        };
        if (previous == null) {
            execute(run, result, key, done);
        } else {
            previous.whenComplete((ignored, failure) -> execute(run, result, key, done));
        }
        return result;
    }

    /** How many keys have a task queued or running. */
    int activeKeys() {
        return lastTasks.size();
    }

    private void execute(Runnable run, CompletableFuture<?> result, K key, CompletableFuture<Void> done) {
        try {
            executor.execute(run);
        } catch (RuntimeException refused) {
            // The executor is shutting down: fail this task and let the ones behind it fail the same way.
            result.completeExceptionally(refused);
            lastTasks.remove(key, done);
            done.complete(null);
        }
    }
}
