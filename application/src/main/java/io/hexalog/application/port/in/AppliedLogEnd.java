package io.hexalog.application.port.in;

/**
 * How far applying has got in a partition, read at one moment: the position in the replicated log of the last
 * command that appended to it, and its offsets right after that command.
 *
 * @param logIndex     the position of the last command appended (stored or in flight to the store), or
 *                     {@link ApplyCommandUseCase#NO_LOG_INDEX} if none carried one
 * @param logEndOffset the offset the next append gets
 * @param logStartOffset the partition's log start offset
 * @param takesAppends false while the partition refuses appends: offline after its store failed, or its store's
 *                     room was short for the latest append; what is placed in the log meanwhile may be refused too
 */
public record AppliedLogEnd(long logIndex, long logEndOffset, long logStartOffset, boolean takesAppends) {
}
