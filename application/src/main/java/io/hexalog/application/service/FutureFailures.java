package io.hexalog.application.service;

import java.util.concurrent.CompletionException;

/** Reading the failure a future completed with. */
final class FutureFailures {

    private FutureFailures() {
    }

    /** What actually failed: {@code failure} itself, or its cause when a future wrapped it in a {@link CompletionException}. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
