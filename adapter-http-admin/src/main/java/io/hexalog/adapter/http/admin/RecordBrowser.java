package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a page of a partition's records for people to look at, through the same fetch a consumer makes
 * (read uncommitted, without waiting), decompressing the batches it returns. Not a hot path: it reads
 * whole batches and keeps the records the page wants.
 */
final class RecordBrowser {

    /** Bytes asked of one fetch; a larger first batch is still returned whole (KIP-74). */
    private static final int FETCH_BYTES = 1024 * 1024;

    private final FetchRecordsQuery fetch;
    private final ListOffsetsQuery listOffsets;

    RecordBrowser(FetchRecordsQuery fetch, ListOffsetsQuery listOffsets) {
        this.fetch = fetch;
        this.listOffsets = listOffsets;
    }

    /** Up to {@code maxRecords} records from {@code offset} on; an offset before the log start reads from there. */
    CompletableFuture<List<LogRecord>> fromOffset(TopicIdPartition partition, long offset, int maxRecords) {
        return listOffsets.listOffset(partition, new OffsetSpec.Earliest(), IsolationLevel.READ_UNCOMMITTED)
                .thenCompose(earliest -> {
                    long start = Math.max(offset, earliest.map(ListedOffset::offset).orElse(0L));
                    return read(partition, start, maxRecords, new ArrayList<>());
                });
    }

    /** Up to {@code maxRecords} records from the first whose timestamp is at or after {@code timestamp}. */
    CompletableFuture<List<LogRecord>> fromTimestamp(TopicIdPartition partition, long timestamp, int maxRecords) {
        return listOffsets.listOffset(partition, new OffsetSpec.ForTimestamp(timestamp), IsolationLevel.READ_UNCOMMITTED)
                .thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(List.<LogRecord>of())
                        : read(partition, found.get().offset(), maxRecords, new ArrayList<>()));
    }

    private CompletableFuture<List<LogRecord>> read(TopicIdPartition partition, long offset, int maxRecords,
                                                    List<LogRecord> page) {
        FetchParams params = new FetchParams(List.of(new FetchParams.PartitionFetch(partition, offset, FETCH_BYTES)),
                Duration.ZERO, 0, FETCH_BYTES, IsolationLevel.READ_UNCOMMITTED);
        return fetch.fetch(params).thenCompose(result -> {
            OptionalLong next;
            try {
                next = copyRecords(offset, maxRecords, page, result);
            } catch (HexalogException e) {
                return CompletableFuture.failedFuture(e);
            } finally {
                // the records on the page are copies: the read's memory goes back before the next read takes some
                result.release();
            }
            return next.isPresent() ? read(partition, next.getAsLong(), maxRecords, page)
                    : CompletableFuture.completedFuture(page);
        });
    }

    /**
     * Copies the records the fetch read, from {@code offset} on, to the page until it holds {@code maxRecords}.
     *
     * @return the offset to read on from, or empty if the page is done
     * @throws HexalogException if the partition could not be read
     */
    private static OptionalLong copyRecords(long offset, int maxRecords, List<LogRecord> page, FetchResult result) {
        FetchResult.PartitionData data = result.partitions().get(0);
        if (data instanceof FetchResult.PartitionData.Failed failed) {
            if (failed.error() instanceof OffsetOutOfRangeException) {
                return OptionalLong.empty(); // past the end: nothing more to show
            }
            throw failed.error();
        }
        FetchResult.PartitionData.Read read = (FetchResult.PartitionData.Read) data;
        long next = offset;
        for (RecordBatch batch : read.records().batches()) {
            next = Math.max(next, batch.nextOffset());
            if (batch.isControlBatch()) {
                continue; // transaction markers are not records
            }
            for (LogRecord record : RecordBatchReader.records(batch)) {
                if (record.offset() >= offset && record.offset() < read.highWatermark() && page.size() < maxRecords) {
                    page.add(record);
                }
            }
        }
        boolean done = read.records().isEmpty() || page.size() >= maxRecords || next >= read.highWatermark();
        return done ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
