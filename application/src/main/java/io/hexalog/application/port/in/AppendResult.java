package io.hexalog.application.port.in;

/**
 * Where an append landed.
 *
 * @param baseOffset     offset of the first appended record
 * @param logAppendTime  the broker's timestamp for LogAppendTime topics, -1 otherwise
 * @param logStartOffset the partition's log start offset after the append
 */
public record AppendResult(long baseOffset, long logAppendTime, long logStartOffset) {
}
