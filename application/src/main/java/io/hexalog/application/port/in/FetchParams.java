package io.hexalog.application.port.in;

import io.hexalog.domain.log.SliceForm;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A consumer's fetch.
 *
 * @param partitions what to read, in the order partitions are to be filled
 * @param maxWait    how long to wait for {@code minBytes}
 * @param minBytes   how many bytes make it worth answering before {@code maxWait}; not negative
 * @param maxBytes   limit for the whole response (the first batch is returned even if larger, KIP-74); not
 *                   negative
 * @param isolation  which records are visible
 * @param form       whether the caller looks at the batches or only sends them on: a fetch sent to a socket may be
 *                   answered with {@linkplain io.hexalog.domain.log.LogSlice#unread stretches of files}
 */
public record FetchParams(List<PartitionFetch> partitions, Duration maxWait, int minBytes, int maxBytes,
                         IsolationLevel isolation, SliceForm form) {

    public FetchParams {
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(form, "form");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        if (minBytes < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("minBytes and maxBytes must not be negative: " + minBytes + ", " + maxBytes);
        }
    }

    /** A fetch whose batches the caller looks at: they are read into memory. */
    public FetchParams(List<PartitionFetch> partitions, Duration maxWait, int minBytes, int maxBytes,
                       IsolationLevel isolation) {
        this(partitions, maxWait, minBytes, maxBytes, isolation, SliceForm.IN_MEMORY);
    }

    /**
     * One partition of a fetch: where to read from and at most how much.
     *
     * @param fetchOffset the first offset wanted; not negative
     * @param maxBytes    limit for this partition; not negative
     */
    public record PartitionFetch(TopicIdPartition partition, long fetchOffset, int maxBytes) {

        public PartitionFetch {
            Objects.requireNonNull(partition, "partition");
            if (fetchOffset < 0) {
                throw new IllegalArgumentException("fetch offset must not be negative: " + fetchOffset);
            }
            if (maxBytes < 0) {
                throw new IllegalArgumentException("partition max bytes must not be negative: " + maxBytes);
            }
        }
    }
}
