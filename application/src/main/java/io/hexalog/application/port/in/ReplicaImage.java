package io.hexalog.application.port.in;

import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/**
 * What a copy of a partition replica holds besides its batches, as of its log end offset: where its log starts,
 * the state of its producers (with their ongoing transactions), its aborted transactions, and the index in the
 * replicated log of the latest command it appended, after which a node that installs the copy applies commands.
 *
 * @param appliedLogIndex the log index of the latest append that carried one; -1 for none
 */
public record ReplicaImage(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates,
                           long appliedLogIndex, List<AbortedTransaction> abortedTransactions) {

    public ReplicaImage {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException("Invalid replica range [" + logStartOffset + ", " + logEndOffset + ")");
        }
        producerStates = List.copyOf(producerStates);
        abortedTransactions = List.copyOf(abortedTransactions);
    }
}
