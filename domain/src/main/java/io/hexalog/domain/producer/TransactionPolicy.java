package io.hexalog.domain.producer;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.TransactionCoordinatorFencedException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.transaction.TransactionVersion;

import java.util.Optional;

/**
 * The transaction rules of one partition, on top of the {@link SequencePolicy} (Kafka's
 * {@code ProducerAppendInfo}, KIP-98):
 * <ul>
 *   <li>a producer with a transaction ongoing on the partition writes only transactional batches until a marker
 *       ends it ({@link InvalidTxnStateException} otherwise);</li>
 *   <li>a transaction marker in an epoch older than the producer's is refused
 *       ({@link InvalidProducerEpochException}), and so is one from a coordinator older than the last that wrote
 *       a marker for the producer ({@link TransactionCoordinatorFencedException});</li>
 *   <li>a marker of transaction version 2 carries the epoch its EndTxn bumped, which the producer's next
 *       transaction uses: one at the producer's current epoch while a transaction is ongoing at it is a late marker
 *       of the transaction before, and is refused ({@link InvalidProducerEpochException}, KAFKA-19446), since it
 *       would end the next transaction with the previous one's outcome; at that epoch without a transaction ongoing
 *       it is the same marker written again, and is written (KAFKA-19999);</li>
 *   <li>a marker for a producer without an ongoing transaction is written all the same, and ends nothing.</li>
 * </ul>
 */
public final class TransactionPolicy {

    private TransactionPolicy() {
    }

    /** Checks a data batch of a producer that the sequence rules accepted. */
    public static Decision checkData(Optional<ProducerStateEntry> known, RecordBatch batch) {
        if (!batch.isTransactional() && known.isPresent() && known.get().hasOngoingTransaction()) {
            return Decision.reject(new InvalidTxnStateException("Producer " + batch.producerId()
                    + " wrote a non-transactional batch while its transaction begun at offset "
                    + known.get().currentTxnFirstOffset() + " is ongoing"));
        }
        return Decision.accept();
    }

    /** Checks a transaction marker of the original protocol: see the overload naming the marker's version. */
    public static Decision checkMarker(Optional<ProducerStateEntry> known, short producerEpoch, int coordinatorEpoch) {
        return checkMarker(known, producerEpoch, coordinatorEpoch, TransactionVersion.TV_0);
    }

    /**
     * Checks a transaction marker against what the partition knows of its producer.
     *
     * @param version the transaction version of the transaction the marker ends, as its coordinator recorded it
     */
    public static Decision checkMarker(Optional<ProducerStateEntry> known, short producerEpoch, int coordinatorEpoch,
                                       TransactionVersion version) {
        if (known.isEmpty()) {
            return Decision.accept();
        }
        ProducerStateEntry entry = known.get();
        if (producerEpoch < entry.producerEpoch()) {
            return Decision.reject(new InvalidProducerEpochException("Transaction marker of producer "
                    + entry.producerId() + " has epoch " + producerEpoch + " but epoch " + entry.producerEpoch()
                    + " is current"));
        }
        if (version.supportsEpochBump() && producerEpoch == entry.producerEpoch() && entry.hasOngoingTransaction()) {
            return Decision.reject(new InvalidProducerEpochException("Transaction marker of producer "
                    + entry.producerId() + " at epoch " + producerEpoch + " ends a transaction of the epoch before,"
                    + " but the transaction begun at offset " + entry.currentTxnFirstOffset() + " is at epoch "
                    + producerEpoch + " already"));
        }
        if (coordinatorEpoch < entry.coordinatorEpoch()) {
            return Decision.reject(new TransactionCoordinatorFencedException("Transaction marker of producer "
                    + entry.producerId() + " comes from coordinator epoch " + coordinatorEpoch + " but epoch "
                    + entry.coordinatorEpoch() + " already wrote one"));
        }
        return Decision.accept();
    }
}
