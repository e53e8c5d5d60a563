package io.hexalog.domain.compaction;

import io.hexalog.domain.config.CompactionConfig;
import io.hexalog.domain.log.BatchHeader;

import java.util.List;

/**
 * Where the active segment of a log begins. Hexalog keeps no segment files, so the segments are those Kafka would
 * have rolled given the same batches: from the first batch, a segment closes before the batch that would take it
 * past {@code segment.bytes}, or whose max timestamp is more than {@code segment.ms} after that of the segment's
 * first batch; the last segment is the active one, which is never cleaned (ADR 10). The boundaries are a function of
 * the batches alone, so every replica finds the same ones.
 */
public final class ActiveSegment {

    private ActiveSegment() {
    }

    /**
     * The base offset of the first batch of the active segment.
     *
     * @param headers the log's batches from its start, in offset order
     * @return the log end offset {@code logEndOffset} when there is no batch
     */
    public static long startOffset(List<BatchHeader> headers, CompactionConfig config, long logEndOffset) {
        if (headers.isEmpty()) {
            return logEndOffset;
        }
        BatchHeader segmentFirst = headers.get(0);
        long segmentBytes = 0;
        for (BatchHeader batch : headers) {
            boolean full = segmentBytes > 0 && segmentBytes + batch.sizeInBytes() > config.segmentBytes();
            boolean old = batch != segmentFirst
                    && batch.maxTimestamp() - segmentFirst.maxTimestamp() > config.segmentMs();
            if (full || old) {
                segmentFirst = batch;
                segmentBytes = 0;
            }
            segmentBytes += batch.sizeInBytes();
        }
        return segmentFirst.baseOffset();
    }
}
