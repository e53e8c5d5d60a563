package io.hexalog.domain.log;

/**
 * Whose clock a batch's timestamps come from ({@code message.timestamp.type}). With CreateTime the
 * producer's timestamps stand; with LogAppendTime the broker stamps each batch with the time it appends
 * it, which consumers then see as every record's timestamp.
 */
public record TimestampPolicy(TimestampType timestampType) {

    /** What {@link #stamp} returns when the broker does not stamp: the producer's timestamps stand. */
    public static final long NO_LOG_APPEND_TIME = -1L;

    /**
     * Stamps the batch if the policy says so.
     *
     * @return the append time stamped, or {@link #NO_LOG_APPEND_TIME}
     */
    public long stamp(RecordBatch batch, long appendTimeMs) {
        if (timestampType != TimestampType.LOG_APPEND_TIME) {
            return NO_LOG_APPEND_TIME;
        }
        batch.stampLogAppendTime(appendTimeMs);
        return appendTimeMs;
    }
}
