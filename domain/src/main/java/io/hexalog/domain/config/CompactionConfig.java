package io.hexalog.domain.config;

/**
 * The configs of a compacted log (Kafka's names): when the active part of the log closes, and what the cleaner
 * may clean and keep.
 *
 * @param segmentBytes           {@code segment.bytes}: the active segment closes once it would grow past this
 * @param segmentMs              {@code segment.ms}: the active segment closes once a batch is this much newer than
 *                               its first one
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the share of the cleanable part not yet cleaned
 *                               above which the cleaner takes the log
 * @param minCompactionLagMs     {@code min.compaction.lag.ms}: records younger than this stay uncompacted
 * @param maxCompactionLagMs     {@code max.compaction.lag.ms}: records left uncleaned longer than this make the log
 *                               cleaned whatever its dirty ratio
 * @param deleteRetentionMs      {@code delete.retention.ms}: how long a tombstone stays once cleaned
 */
public record CompactionConfig(int segmentBytes, long segmentMs, double minCleanableDirtyRatio,
                               long minCompactionLagMs, long maxCompactionLagMs, long deleteRetentionMs) {

    /** Kafka 4's floor for {@code segment.bytes} (KIP-1030). */
    public static final int MIN_SEGMENT_BYTES = 1024 * 1024;

    /** Kafka's defaults: 1 GiB or seven days per segment, ratio 0.5, no lags, tombstones kept a day. */
    public static final CompactionConfig KAFKA_DEFAULTS = new CompactionConfig(1024 * 1024 * 1024,
            7L * 24 * 60 * 60 * 1000, 0.5, 0, Long.MAX_VALUE, 24L * 60 * 60 * 1000);

    public CompactionConfig {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment.bytes must be at least " + MIN_SEGMENT_BYTES + ": " + segmentBytes);
        }
        if (segmentMs < 1) {
            throw new IllegalArgumentException("segment.ms must be at least 1: " + segmentMs);
        }
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException("min.cleanable.dirty.ratio must be within [0, 1]: "
                    + minCleanableDirtyRatio);
        }
        if (minCompactionLagMs < 0 || maxCompactionLagMs < 1 || deleteRetentionMs < 0) {
            throw new IllegalArgumentException("Compaction lags and delete.retention.ms must not be negative");
        }
    }

    public CompactionConfig withSegmentBytes(int bytes) {
        return new CompactionConfig(bytes, segmentMs, minCleanableDirtyRatio, minCompactionLagMs, maxCompactionLagMs,
                deleteRetentionMs);
    }

    public CompactionConfig withSegmentMs(long millis) {
        return new CompactionConfig(segmentBytes, millis, minCleanableDirtyRatio, minCompactionLagMs,
                maxCompactionLagMs, deleteRetentionMs);
    }

    public CompactionConfig withMinCleanableDirtyRatio(double ratio) {
        return new CompactionConfig(segmentBytes, segmentMs, ratio, minCompactionLagMs, maxCompactionLagMs,
                deleteRetentionMs);
    }

    public CompactionConfig withMinCompactionLagMs(long millis) {
        return new CompactionConfig(segmentBytes, segmentMs, minCleanableDirtyRatio, millis, maxCompactionLagMs,
                deleteRetentionMs);
    }

    public CompactionConfig withMaxCompactionLagMs(long millis) {
        return new CompactionConfig(segmentBytes, segmentMs, minCleanableDirtyRatio, minCompactionLagMs, millis,
                deleteRetentionMs);
    }

    public CompactionConfig withDeleteRetentionMs(long millis) {
        return new CompactionConfig(segmentBytes, segmentMs, minCleanableDirtyRatio, minCompactionLagMs,
                maxCompactionLagMs, millis);
    }
}
