package io.hexalog.application.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reading the failure a future completed with. */
final class FutureFailures {

    private FutureFailures() {
    }

    /** What actually failed: {@code failure} itself, or its cause when a future wrapped it in a {@link CompletionException}. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Waits for a future on a thread that may block, and throws what it failed with as itself, not wrapped, so
     * that a caller's caller sees the {@link io.hexalog.domain.error.HexalogException} a client can be told.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
