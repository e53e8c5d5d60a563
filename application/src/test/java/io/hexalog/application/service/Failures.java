package io.hexalog.application.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads the outcome of futures, in particular of those already completed, as every future is on the direct executor. */
final class Failures {

    private Failures() {
    }

    /** What the future completes with, once it does; what it fails with is thrown as it is, not wrapped. */
    static <T> T resultOf(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** What the future failed with, unwrapped; an assertion error if it is still running or succeeded. */
    static Throwable failureOf(CompletableFuture<?> future) {
        if (!future.isDone()) {
            throw new AssertionError("expected a completed future, it is still running");
        }
        try {
            Object result = future.join();
            throw new AssertionError("expected a failure, got " + result);
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
