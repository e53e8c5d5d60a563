package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.FetchUseCase;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.error.HexalogException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Serves fetches: reads each partition in request order within the response and partition byte limits
 * (the first batch of the response is returned even if it alone exceeds them, KIP-74), and parks the fetch
 * in the purgatory when less than {@code minBytes} is available.
 */
public final class FetchService implements FetchUseCase {

    private final PartitionRegistry partitions;
    private final FetchPurgatory purgatory;
    private final Scheduler scheduler;

    public FetchService(PartitionRegistry partitions, FetchPurgatory purgatory, Scheduler scheduler) {
        this.partitions = partitions;
        this.purgatory = purgatory;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<FetchResult> fetch(FetchQuery query) {
        return read(query).thenCompose(result -> {
            long bytes = bytesRead(result);
            if (query.maxWait().isZero() || bytes >= query.minBytes() || hasError(result)) {
                return CompletableFuture.completedFuture(result);
            }
            DelayedFetch delayed = new DelayedFetch(query, bytes, this::read, purgatory);
            CompletableFuture<FetchResult> parked = delayed.park(scheduler);
            // An append may have committed between the read and the parking: nobody would wake us then. The
            // read reports the high watermark it stopped at, so compare with the partitions' current ones.
            if (!highWatermarks(query).equals(highWatermarksRead(result))) {
                delayed.complete();
            }
            return parked;
        });
    }

    private CompletableFuture<FetchResult> read(FetchQuery query) {
        CompletableFuture<List<FetchResult.PartitionData>> chain =
                CompletableFuture.completedFuture(new ArrayList<>(query.partitions().size()));
        for (FetchQuery.PartitionFetch fetch : query.partitions()) {
            chain = chain.thenCompose(done -> readPartition(fetch, query.maxBytes() - bytesIn(done), bytesIn(done) == 0)
                    .thenApply(data -> {
                        done.add(data);
                        return done;
                    }));
        }
        return chain.thenApply(FetchResult::new);
    }

    private CompletableFuture<FetchResult.PartitionData> readPartition(FetchQuery.PartitionFetch fetch,
                                                                      int responseBytesLeft, boolean firstData) {
        try {
            Partition partition = partitions.get(fetch.partition());
            int maxBytes = Math.max(0, Math.min(fetch.maxBytes(), responseBytesLeft));
            return partition.read(fetch.fetchOffset(), maxBytes, firstData)
                    .thenApply(read -> data(fetch, read))
                    .exceptionally(failure -> failed(fetch, failure));
        } catch (HexalogException e) {
            return CompletableFuture.completedFuture(FetchResult.PartitionData.failed(fetch.partition(), e));
        }
    }

    private static FetchResult.PartitionData data(FetchQuery.PartitionFetch fetch, Partition.Read read) {
        // Without transactions the last stable offset is the high watermark.
        long highWatermark = read.offsets().highWatermark();
        return new FetchResult.PartitionData(fetch.partition(), Optional.empty(), highWatermark, highWatermark,
                read.offsets().logStartOffset(), read.slice());
    }

    private static FetchResult.PartitionData failed(FetchQuery.PartitionFetch fetch, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HexalogException known) {
            return FetchResult.PartitionData.failed(fetch.partition(), known);
        }
        throw new CompletionException(cause);
    }

    private List<Long> highWatermarks(FetchQuery query) {
        List<Long> marks = new ArrayList<>(query.partitions().size());
        for (FetchQuery.PartitionFetch fetch : query.partitions()) {
            try {
                marks.add(partitions.get(fetch.partition()).offsets().highWatermark());
            } catch (HexalogException e) {
                marks.add(-1L);
            }
        }
        return marks;
    }

    private static List<Long> highWatermarksRead(FetchResult result) {
        return result.partitions().stream().map(FetchResult.PartitionData::highWatermark).toList();
    }

    private static int bytesIn(List<FetchResult.PartitionData> data) {
        return data.stream().mapToInt(d -> d.records().sizeInBytes()).sum();
    }

    private static long bytesRead(FetchResult result) {
        return bytesIn(result.partitions());
    }

    private static boolean hasError(FetchResult result) {
        return result.partitions().stream().anyMatch(data -> data.error().isPresent());
    }
}
