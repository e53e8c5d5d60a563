package io.hexalog.domain.log;

import java.util.OptionalLong;

/**
 * Whose clock a batch's timestamps come from ({@code message.timestamp.type}). With CreateTime the
 * producer's timestamps stand; with LogAppendTime the broker stamps each batch with the time it appends
 * it, which consumers then see as every record's timestamp.
 */
public record TimestampPolicy(TimestampType timestampType) {

    /**
     * What to stamp on batches appended at {@code appendTimeMs}; the caller stamps them
     * ({@link RecordBatch#stampLogAppendTime}).
     *
     * @return the append time for LogAppendTime, empty when the producer's timestamps stand
     */
    public OptionalLong logAppendTime(long appendTimeMs) {
        return timestampType == TimestampType.LOG_APPEND_TIME ? OptionalLong.of(appendTimeMs) : OptionalLong.empty();
    }
}
