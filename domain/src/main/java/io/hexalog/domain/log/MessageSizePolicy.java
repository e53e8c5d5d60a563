package io.hexalog.domain.log;

import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.policy.Decision;

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

    /** Accepts a batch up to the limit; a larger one is rejected with {@link RecordTooLargeException}. */
    public Decision check(RecordBatch batch) {
        if (batch.sizeInBytes() > maxMessageBytes) {
            return Decision.reject(new RecordTooLargeException("Record batch of " + batch.sizeInBytes()
                    + " bytes exceeds the maximum of " + maxMessageBytes + " bytes"));
        }
        return Decision.accept();
    }
}
