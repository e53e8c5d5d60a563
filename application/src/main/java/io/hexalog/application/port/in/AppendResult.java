package io.hexalog.application.port.in;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where an append landed.
 *
 * @param baseOffset     offset of the first appended record
 * @param logAppendTime  the broker's timestamp of the batches, for topics that keep LogAppendTime; empty for
 *                       topics that keep the producer's CreateTime
 * @param logStartOffset the partition's log start offset after the append
 * @param forwarded      whether another broker of the cluster, the partition's leader, appended the batches for
 *                       this one; that broker counts them in its traffic, so this one does not
 */
public record AppendResult(long baseOffset, OptionalLong logAppendTime, long logStartOffset, boolean forwarded) {

    public AppendResult {
        Objects.requireNonNull(logAppendTime, "logAppendTime");
        if (baseOffset < 0 || logStartOffset < 0) {
            throw new IllegalArgumentException("offsets must not be negative: " + baseOffset + ", " + logStartOffset);
        }
    }

    /** An append this broker made itself. */
    public AppendResult(long baseOffset, OptionalLong logAppendTime, long logStartOffset) {
        this(baseOffset, logAppendTime, logStartOffset, false);
    }
}
