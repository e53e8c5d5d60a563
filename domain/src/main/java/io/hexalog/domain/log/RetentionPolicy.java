package io.hexalog.domain.log;

import java.util.List;
import java.util.OptionalLong;

/**
 * Which old batches a partition log lets go ({@code retention.ms}, {@code retention.bytes}), as Kafka's
 * delete cleanup policy decides for segments, but batch by batch: whole batches are removed from the head
 * of the log, oldest first, and removal stops at the first batch that must stay.
 * <ul>
 *   <li>By time: a batch goes when its max timestamp is more than {@code retentionMs} before now.</li>
 *   <li>By size: a batch goes while the log without it would still hold at least {@code retentionBytes}.</li>
 * </ul>
 * A negative limit means no limit.
 */
public record RetentionPolicy(long retentionMs, long retentionBytes) {

    /**
     * The new log start offset after retention, if any batch goes.
     *
     * @param batches the log's batches from its head, in offset order (committed ones only)
     * @param nowMs   the current time
     * @return the next offset of the last batch to remove; empty when every batch stays
     */
    public OptionalLong cutPoint(List<BatchHeader> batches, long nowMs) {
        long bytesOverLimit = retentionBytes < 0 ? 0 : totalSize(batches) - retentionBytes;
        OptionalLong cut = OptionalLong.empty();
        for (BatchHeader batch : batches) {
            boolean expired = retentionMs >= 0 && nowMs - batch.maxTimestamp() > retentionMs;
            boolean oversize = retentionBytes >= 0 && bytesOverLimit - batch.sizeInBytes() >= 0;
            if (!expired && !oversize) {
                break;
            }
            bytesOverLimit -= batch.sizeInBytes();
            cut = OptionalLong.of(batch.nextOffset());
        }
        return cut;
    }

    private static long totalSize(List<BatchHeader> batches) {
        return batches.stream().mapToLong(BatchHeader::sizeInBytes).sum();
    }
}
