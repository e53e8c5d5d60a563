package io.hexalog.domain.producer;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts on batches of producer 1000, which last wrote sequences 10..12 at offsets 40..42 in epoch 2. */
class SequencePolicyTest {

    private static final long PRODUCER = 1000L;
    private static final BatchMetadata LAST = new BatchMetadata(10, 12, 40, 42);
    private static final Optional<ProducerStateEntry> KNOWN =
            Optional.of(new ProducerStateEntry(PRODUCER, (short) 2, List.of(LAST)));

    private static RecordBatch batch(int epoch, int firstSequence, int records) {
        return aBatch().records(records).producer(PRODUCER, epoch, firstSequence).build();
    }

    @Test
    void shouldAppendTheFirstBatchOfAProducerThePartitionDoesNotKnowAtAnySequence() {
        assertThat(SequencePolicy.check(Optional.empty(), batch(0, 4711, 1))).isEqualTo(new SequencePolicy.Verdict.Append());
    }

    @Test
    void shouldAppendTheNextSequenceInOrder() {
        assertThat(SequencePolicy.check(KNOWN, batch(2, 13, 2))).isEqualTo(new SequencePolicy.Verdict.Append());
    }

    @Test
    void shouldAppendTheFirstBatchOfANewEpochAtSequenceZero() {
        assertThat(SequencePolicy.check(KNOWN, batch(3, 0, 1))).isEqualTo(new SequencePolicy.Verdict.Append());
    }

    @Test
    void shouldTakeARetryOfARecentBatchAsADuplicateOfItsOriginal() {
        assertThat(SequencePolicy.check(KNOWN, batch(2, 10, 3))).isEqualTo(new SequencePolicy.Verdict.Duplicate(LAST));
    }

    @Test
    void shouldRejectAnOlderEpochAsFenced() {
        SequencePolicy.Verdict verdict = SequencePolicy.check(KNOWN, batch(1, 13, 1));

        assertThat(verdict).isInstanceOfSatisfying(SequencePolicy.Verdict.Rejected.class, rejected ->
                assertThat(rejected.error()).isInstanceOf(InvalidProducerEpochException.class)
                        .hasMessage("Producer 1000 wrote with epoch 1 but epoch 2 is current: it has been fenced"));
    }

    @Test
    void shouldRejectANewEpochThatDoesNotStartAtZero() {
        SequencePolicy.Verdict verdict = SequencePolicy.check(KNOWN, batch(3, 13, 1));

        assertThat(verdict).isInstanceOfSatisfying(SequencePolicy.Verdict.Rejected.class, rejected ->
                assertThat(rejected.error()).isInstanceOf(OutOfOrderSequenceException.class)
                        .hasMessage("Producer 1000 started epoch 3 at sequence 13 instead of 0"));
    }

    @Test
    void shouldRejectASequenceGap() {
        SequencePolicy.Verdict verdict = SequencePolicy.check(KNOWN, batch(2, 14, 1));

        assertThat(verdict).isInstanceOfSatisfying(SequencePolicy.Verdict.Rejected.class, rejected ->
                assertThat(rejected.error()).isInstanceOf(OutOfOrderSequenceException.class)
                        .hasMessage("Producer 1000 sent sequence 14 but 13 was expected"));
    }
}
