package io.hexalog.domain.producer;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.log.ProducerSequences;
import io.hexalog.domain.log.RecordBatch;

import java.util.Optional;

/**
 * The idempotent-producer rules for one incoming batch, given what the partition knows of its producer
 * (the same rules as Kafka's {@code ProducerAppendInfo}):
 * <ul>
 *   <li>a batch identical (epoch, first and last sequence) to one of the last five is a retry: it is not
 *       appended again and the client is told the offsets it got the first time;</li>
 *   <li>an epoch older than the known one is fenced ({@link InvalidProducerEpochException});</li>
 *   <li>a newer epoch must start at sequence 0;</li>
 *   <li>within an epoch, a batch must start right after the last sequence
 *       ({@link OutOfOrderSequenceException} otherwise);</li>
 *   <li>a producer the partition has never seen may start at any sequence, since its earlier batches may
 *       have been removed by retention.</li>
 * </ul>
 */
public final class SequencePolicy {

    private SequencePolicy() {
    }

    /** What to do with a batch that passed the rules. */
    public sealed interface Verdict {
        /** Append the batch. */
        record Append() implements Verdict {
        }

        /** The batch was appended before; answer with its original offsets. */
        record Duplicate(BatchMetadata original) implements Verdict {
        }
    }

    /**
     * @param known the producer's state on this partition, empty if the partition has none
     * @throws InvalidProducerEpochException if the batch's epoch is older than the known epoch
     * @throws OutOfOrderSequenceException   if the batch's sequence does not follow the known one
     */
    public static Verdict check(Optional<ProducerStateEntry> known, RecordBatch batch) {
        if (known.isEmpty()) {
            return new Verdict.Append();
        }
        ProducerStateEntry entry = known.get();
        short epoch = batch.producerEpoch();
        Optional<BatchMetadata> duplicate = entry.findBatch(epoch, batch.baseSequence(), batch.lastSequence());
        if (duplicate.isPresent()) {
            return new Verdict.Duplicate(duplicate.get());
        }
        if (epoch < entry.producerEpoch()) {
            throw new InvalidProducerEpochException("Producer " + entry.producerId() + " wrote with epoch " + epoch
                    + " but epoch " + entry.producerEpoch() + " is current: it has been fenced");
        }
        if (epoch > entry.producerEpoch()) {
            if (batch.baseSequence() != 0) {
                throw new OutOfOrderSequenceException("Producer " + entry.producerId() + " started epoch " + epoch
                        + " at sequence " + batch.baseSequence() + " instead of 0");
            }
            return new Verdict.Append();
        }
        Optional<BatchMetadata> last = entry.lastBatch();
        if (last.isPresent() && !ProducerSequences.follows(last.get().lastSequence(), batch.baseSequence())) {
            throw new OutOfOrderSequenceException("Producer " + entry.producerId() + " sent sequence "
                    + batch.baseSequence() + " but " + ProducerSequences.add(last.get().lastSequence(), 1)
                    + " was expected");
        }
        return new Verdict.Append();
    }
}
