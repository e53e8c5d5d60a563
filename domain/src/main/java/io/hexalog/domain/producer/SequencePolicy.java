package io.hexalog.domain.producer;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.log.ProducerSequences;
import io.hexalog.domain.log.RecordBatch;

import java.util.Objects;
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
 * The policy only decides; the partition log acts on its {@link Verdict}.
 */
public final class SequencePolicy {

    private SequencePolicy() {
    }

    /** What to do with a batch of an idempotent producer. */
    public sealed interface Verdict {

        /** Append the batch. */
        record Append() implements Verdict {
        }

        /** The batch was appended before; answer with its original offsets and append nothing. */
        record Duplicate(BatchMetadata original) implements Verdict {

            public Duplicate {
                Objects.requireNonNull(original, "original");
            }
        }

        /** Refuse the batch; {@code error} is what the producer is told. */
        record Rejected(HexalogException error) implements Verdict {

            public Rejected {
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /**
     * @param known the producer's state on this partition, empty if the partition has none
     * @return {@link Verdict.Rejected} with {@link InvalidProducerEpochException} if the batch's epoch is older
     *         than the known epoch, with {@link OutOfOrderSequenceException} if its sequence does not follow
     *         the known one
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
            return new Verdict.Rejected(new InvalidProducerEpochException("Producer " + entry.producerId()
                    + " wrote with epoch " + epoch + " but epoch " + entry.producerEpoch()
                    + " is current: it has been fenced"));
        }
        if (epoch > entry.producerEpoch()) {
            if (batch.baseSequence() != 0) {
                return new Verdict.Rejected(new OutOfOrderSequenceException("Producer " + entry.producerId()
                        + " started epoch " + epoch + " at sequence " + batch.baseSequence() + " instead of 0"));
            }
            return new Verdict.Append();
        }
        Optional<BatchMetadata> last = entry.lastBatch();
        if (last.isPresent() && !ProducerSequences.follows(last.get().lastSequence(), batch.baseSequence())) {
            return new Verdict.Rejected(new OutOfOrderSequenceException("Producer " + entry.producerId()
                    + " sent sequence " + batch.baseSequence() + " but "
                    + ProducerSequences.add(last.get().lastSequence(), 1) + " was expected"));
        }
        return new Verdict.Append();
    }
}
