package io.hexalog.adapter.protocol.kafka;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** How handlers compose the futures of inbound ports without ever waiting on one. */
final class Futures {

    private Futures() {
    }

    /** The future a call returns, or a failed one if the call throws before returning it (a bad name, say). */
    static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code step} for each item, each once the one before has completed, as a broker handles the
     * entries of one request in order; completes when the last has, or fails as soon as a step fails.
     */
    static <T> CompletableFuture<Void> inOrder(Collection<T> items, Function<T, CompletableFuture<?>> step) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(previous -> attempt(() -> step.apply(item)).thenApply(done -> null));
        }
        return chain;
    }

    /** Completes when every future has; the futures' own results are read from them afterwards. */
    static CompletableFuture<Void> all(List<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
