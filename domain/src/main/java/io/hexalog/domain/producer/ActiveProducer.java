package io.hexalog.domain.producer;

/**
 * What a partition knows of one of its producers, as DescribeProducers reports it (KIP-664) and as
 * {@code kafka-transactions.sh find-hanging} reads it to find transactions no coordinator will end.
 *
 * @param lastSequence          the last sequence number the producer wrote in its current epoch, -1 for none
 * @param lastTimestamp         the max timestamp of the producer's last batch or marker on the partition, -1 for
 *                              none
 * @param coordinatorEpoch      the coordinator epoch of the last transaction marker, -1 before the first
 * @param currentTxnStartOffset where the producer's ongoing transaction began on this partition, -1 for none
 */
public record ActiveProducer(long producerId, short producerEpoch, int lastSequence, long lastTimestamp,
                             int coordinatorEpoch, long currentTxnStartOffset) {

    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;

    public ActiveProducer {
        if (producerId < 0) {
            throw new IllegalArgumentException("Invalid producer ID: " + producerId);
        }
        if (lastSequence < NO_SEQUENCE || lastTimestamp < NO_TIMESTAMP
                || currentTxnStartOffset < ProducerStateEntry.NO_TRANSACTION) {
            throw new IllegalArgumentException("Invalid state of producer " + producerId + ": sequence "
                    + lastSequence + ", timestamp " + lastTimestamp + ", transaction start " + currentTxnStartOffset);
        }
    }

    /** The producer as its state entry describes it. */
    public static ActiveProducer of(ProducerStateEntry entry) {
        int lastSequence = entry.lastBatch().map(BatchMetadata::lastSequence).orElse(NO_SEQUENCE);
        return new ActiveProducer(entry.producerId(), entry.producerEpoch(), lastSequence,
                entry.lastTimestamp(), entry.coordinatorEpoch(), entry.currentTxnFirstOffset());
    }

    public boolean hasOngoingTransaction() {
        return currentTxnStartOffset != ProducerStateEntry.NO_TRANSACTION;
    }
}
