package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fetch that found fewer than {@code minBytes} and waits in the {@link FetchPurgatory} until appends
 * bring enough or its {@code maxWait} passes; either way it then reads again and completes, exactly once.
 * A read-committed fetch sees nothing of an ongoing transaction, so it is woken only when the last stable
 * offset moves (a marker ended a transaction, or data committed with none ongoing), and then reads again.
 */
final class DelayedFetch {

    private final FetchParams query;
    private final long bytesMissing;
    private final Function<FetchParams, CompletableFuture<FetchResult>> reader;
    private final FetchPurgatory purgatory;
    private final CompletableFuture<FetchResult> result = new CompletableFuture<>();
    private final AtomicLong bytesArrived = new AtomicLong();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Scheduler.Cancellable timeout;

    DelayedFetch(FetchParams query, long bytesAlreadyAvailable,
                 Function<FetchParams, CompletableFuture<FetchResult>> reader, FetchPurgatory purgatory) {
        this.query = query;
        this.bytesMissing = query.minBytes() - bytesAlreadyAvailable;
        this.reader = reader;
        this.purgatory = purgatory;
    }

    /** Parks the fetch: watches its partitions and arms the timeout. */
    CompletableFuture<FetchResult> park(Scheduler scheduler) {
        purgatory.watch(this);
        timeout = scheduler.schedule(query.maxWait(), this::complete);
        if (completed.get()) {
            timeout.cancel();
        }
        return result;
    }

    List<TopicIdPartition> watchedPartitions() {
        return query.partitions().stream().map(FetchParams.PartitionFetch::partition).toList();
    }

    void onCommitted(int bytes, boolean lastStableOffsetMoved) {
        if (query.isolation() == IsolationLevel.READ_COMMITTED) {
            if (lastStableOffsetMoved) {
                complete();
            }
            return;
        }
        if (bytesArrived.addAndGet(bytes) >= bytesMissing) {
            complete();
        }
    }

    /** Reads again and completes the fetch, unless that already happened. */
    void complete() {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Cancellable armed = timeout;
        if (armed != null) {
            armed.cancel();
        }
        purgatory.unwatch(this);
        reader.apply(query).whenComplete((read, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(read);
            }
        });
    }
}
