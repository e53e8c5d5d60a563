package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.SliceForm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Serves fetches: reads each partition in request order within the response and partition byte limits
 * (the first batch of the response is returned even if it alone exceeds them, KIP-74), and parks the fetch
 * in the purgatory when less than {@code minBytes} is available.
 */
public final class FetchService implements FetchRecordsQuery {

    /** Stands for the high watermark of a partition that is gone, so that its disappearance counts as a change. */
    private static final long NO_HIGH_WATERMARK = -1L;

    private final PartitionRegistry partitions;
    private final FetchPurgatory purgatory;
    private final Scheduler scheduler;

    public FetchService(PartitionRegistry partitions, FetchPurgatory purgatory, Scheduler scheduler) {
        this.partitions = partitions;
        this.purgatory = purgatory;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<FetchResult> fetch(FetchParams query) {
        return read(query).thenCompose(result -> {
            long bytes = bytesRead(result);
            if (query.maxWait().isZero() || bytes >= query.minBytes() || hasError(result)) {
                return CompletableFuture.completedFuture(result);
            }
            List<Long> endsRead = readEndsRead(result, query.isolation());
            // the parked fetch reads again when it wakes: what was read now is not sent
            result.release();
            DelayedFetch delayed = new DelayedFetch(query, bytes, this::read, purgatory);
            CompletableFuture<FetchResult> parked = delayed.park(scheduler);
            // An append may have committed between the read and the parking: nobody would wake us then. The
            // read reports the offset it stopped at, so compare with the partitions' current ones.
            if (!readEnds(query).equals(endsRead)) {
                delayed.complete();
            }
            return parked;
        });
    }

    /** Reads the partitions one after the other; if one fails unexpectedly, releases what the others read. */
    private CompletableFuture<FetchResult> read(FetchParams query) {
        List<FetchResult.PartitionData> done = new ArrayList<>(query.partitions().size());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (FetchParams.PartitionFetch fetch : query.partitions()) {
            chain = chain.thenCompose(ignored -> readPartition(fetch, query.maxBytes() - bytesIn(done),
                    bytesIn(done) == 0, query.isolation(), query.form()).thenAccept(done::add));
        }
        return chain.handle((ignored, failure) -> {
            if (failure != null) {
                FetchResult.release(done);
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return new FetchResult(done);
        });
    }

    private CompletableFuture<FetchResult.PartitionData> readPartition(FetchParams.PartitionFetch fetch,
                                                                      int responseBytesLeft, boolean firstData,
                                                                      IsolationLevel isolation, SliceForm form) {
        try {
            Partition partition = partitions.led(fetch.partition());
            int maxBytes = Math.max(0, Math.min(fetch.maxBytes(), responseBytesLeft));
            ReadLimit limit = firstData ? ReadLimit.atLeastOneBatch(maxBytes) : ReadLimit.strict(maxBytes);
            return partition.read(fetch.fetchOffset(), limit, isolation, form)
                    .thenApply(read -> {
                        try {
                            return data(fetch, read);
                        } catch (RuntimeException e) {
                            read.slice().release();
                            throw e;
                        }
                    })
                    .exceptionally(failure -> failed(fetch, failure));
        } catch (HexalogException e) {
            return CompletableFuture.completedFuture(new FetchResult.PartitionData.Failed(fetch.partition(), e));
        }
    }

    private static FetchResult.PartitionData data(FetchParams.PartitionFetch fetch, Partition.Read read) {
        return new FetchResult.PartitionData.Read(fetch.partition(), read.offsets().highWatermark(),
                read.offsets().lastStableOffset(), read.offsets().logStartOffset(), read.slice(),
                read.abortedTransactions());
    }

    private static FetchResult.PartitionData failed(FetchParams.PartitionFetch fetch, Throwable failure) {
        Throwable cause = FutureFailures.cause(failure);
        if (cause instanceof HexalogException known) {
            return new FetchResult.PartitionData.Failed(fetch.partition(), known);
        }
        throw new CompletionException(cause);
    }

    /** Where each partition's read would stop now: the high watermark, or the last stable offset. */
    private List<Long> readEnds(FetchParams query) {
        List<Long> marks = new ArrayList<>(query.partitions().size());
        for (FetchParams.PartitionFetch fetch : query.partitions()) {
            try {
                Partition.LogOffsets offsets = partitions.get(fetch.partition()).offsets();
                marks.add(query.isolation() == IsolationLevel.READ_COMMITTED
                        ? offsets.lastStableOffset() : offsets.highWatermark());
            } catch (HexalogException e) {
                marks.add(NO_HIGH_WATERMARK);
            }
        }
        return marks;
    }

    private static List<Long> readEndsRead(FetchResult result, IsolationLevel isolation) {
        return result.partitions().stream()
                .map(data -> data instanceof FetchResult.PartitionData.Read read
                        ? (isolation == IsolationLevel.READ_COMMITTED ? read.lastStableOffset() : read.highWatermark())
                        : NO_HIGH_WATERMARK)
                .toList();
    }

    private static int bytesIn(List<FetchResult.PartitionData> data) {
        return data.stream().mapToInt(FetchResult.PartitionData::sizeInBytes).sum();
    }

    private static long bytesRead(FetchResult result) {
        return bytesIn(result.partitions());
    }

    private static boolean hasError(FetchResult result) {
        return result.partitions().stream().anyMatch(FetchResult.PartitionData.Failed.class::isInstance);
    }
}
