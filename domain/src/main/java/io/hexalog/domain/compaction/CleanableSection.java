package io.hexalog.domain.compaction;

import io.hexalog.domain.config.CompactionConfig;
import io.hexalog.domain.log.BatchHeader;

import java.util.List;

/**
 * The part of a compacted log the cleaner may rewrite, as Kafka's log cleaner manager sizes it: from the log start
 * to the first uncleanable offset (the start of the active segment, the last stable offset, or the first batch
 * younger than {@code min.compaction.lag.ms}, whichever comes first), split at the first dirty offset, where the
 * last cleaning stopped, into a clean head and a dirty tail.
 *
 * @param firstDirtyOffset       where the dirty part begins
 * @param firstUncleanableOffset where the cleanable part ends
 * @param cleanBytes             bytes of the batches between the log start and the first dirty offset
 * @param dirtyBytes             bytes of the batches between the first dirty and the first uncleanable offset; a
 *                               batch the first dirty offset falls inside (where a full {@link KeyOffsetMap} stopped
 *                               the last cleaning) counts as dirty
 * @param overdue                whether a dirty batch has waited longer than {@code max.compaction.lag.ms}
 */
public record CleanableSection(long firstDirtyOffset, long firstUncleanableOffset, long cleanBytes, long dirtyBytes,
                               boolean overdue) {

    /**
     * Sizes the cleanable part of a log.
     *
     * @param headers          the log's batches from its start up to the high watermark, in offset order
     * @param firstDirtyOffset where the last cleaning stopped (the log start offset before the first)
     * @param lastStableOffset the log's last stable offset: records of open transactions are not cleaned
     * @param nowMs            the broker's clock
     */
    public static CleanableSection of(List<BatchHeader> headers, CompactionConfig config, long firstDirtyOffset,
                                      long lastStableOffset, long nowMs) {
        long end = Math.min(lastStableOffset, ActiveSegment.startOffset(headers, config, lastStableOffset));
        long clean = 0;
        long dirty = 0;
        boolean overdue = false;
        for (BatchHeader batch : headers) {
            boolean tooYoung = config.minCompactionLagMs() > 0 && nowMs - batch.maxTimestamp() < config.minCompactionLagMs();
            if (batch.nextOffset() > end || tooYoung) {
                end = Math.min(end, batch.baseOffset());
                break;
            }
            if (batch.nextOffset() <= firstDirtyOffset) {
                clean += batch.sizeInBytes();
            } else {
                dirty += batch.sizeInBytes();
                overdue |= nowMs - batch.maxTimestamp() > config.maxCompactionLagMs();
            }
        }
        return new CleanableSection(Math.min(firstDirtyOffset, end), end, clean, dirty, overdue);
    }

    /**
     * Where a cleaning that indexed the dirty part into {@code map} stops, and the next one's dirty part begins: the
     * first uncleanable offset, or, if the map filled up before, the first record it could not hold.
     */
    public long endOfCleaning(KeyOffsetMap map) {
        return Math.min(firstUncleanableOffset, map.endOffset());
    }

    /** The share of the cleanable part that was never cleaned. */
    public double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /**
     * Whether the cleaner should take this log now: some bytes are dirty and either their ratio is above
     * {@code min.cleanable.dirty.ratio} or a dirty batch is overdue (Kafka's rule, strictly above the ratio).
     */
    public boolean needsCleaning(CompactionConfig config) {
        return dirtyBytes > 0 && (overdue || dirtyRatio() > config.minCleanableDirtyRatio());
    }
}
