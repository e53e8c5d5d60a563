package io.hexalog.domain.log;

import io.hexalog.domain.error.RecordTooLargeException;

/**
 * The largest batch a topic accepts ({@code max.message.bytes}; the broker default is Kafka's
 * {@code message.max.bytes}, 1 MiB plus the batch overhead).
 */
public record MessageSizePolicy(int maxMessageBytes) {

    public static final int KAFKA_DEFAULT = 1024 * 1024 + RecordBatch.LOG_OVERHEAD;

    public MessageSizePolicy {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("max message bytes must not be negative: " + maxMessageBytes);
        }
    }

    /** @throws RecordTooLargeException if the batch is larger than the limit */
    public void check(RecordBatch batch) {
        if (batch.sizeInBytes() > maxMessageBytes) {
            throw new RecordTooLargeException("Record batch of " + batch.sizeInBytes()
                    + " bytes exceeds the maximum of " + maxMessageBytes + " bytes");
        }
    }
}
