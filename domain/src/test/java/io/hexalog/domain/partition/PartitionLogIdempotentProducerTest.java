package io.hexalog.domain.partition;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogIdempotentProducerTest {

    private static final long PRODUCER = 1000L;

    private final PartitionLog log = PartitionLog.empty(0);

    private LogAppend append(RecordBatchBuilder batch) {
        return log.append(List.of(batch.build()));
    }

    private static RecordBatchBuilder batch(int epoch, int firstSequence, int records) {
        return aBatch().records(records).producer(PRODUCER, epoch, firstSequence);
    }

    @Test
    void shouldAcceptFirstBatchOfAnUnknownProducerAtAnySequence() {
        // a producer whose earlier batches were removed by retention resumes mid-stream
        LogAppend append = append(batch(3, 4711, 2));

        assertThat(append.isDuplicate()).isFalse();
        assertThat(append.producerStates()).singleElement().satisfies(state -> {
            assertThat(state.producerId()).isEqualTo(PRODUCER);
            assertThat(state.producerEpoch()).isEqualTo((short) 3);
            assertThat(state.batches()).containsExactly(new BatchMetadata(4711, 4712, 0, 1));
        });
    }

    @Test
    void shouldRejectAProducerBatchWithoutASequence() {
        // Kafka refuses a batch that carries a producer ID but a negative base sequence (INVALID_RECORD)
        assertThatThrownBy(() -> append(batch(0, -1, 2))).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldJudgeTheRetryOfAnAppendNeverAppliedAsIfTheFirstTryHadNeverCome() {
        append(batch(0, 0, 3));
        LogAppend refused = log.decideAppend(List.of(batch(0, 3, 2).build()));
        assertThat(refused.firstOffset()).isEqualTo(3);

        // storage refused it, so it is never applied; the producer sends the same sequences again
        LogAppend retry = append(batch(0, 3, 2));

        assertThat(retry.isDuplicate()).isFalse();
        assertThat(retry.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldAcceptTheNextSequenceAfterAnAppendNeverAppliedWhenTheProducerGaveItUp() {
        append(batch(0, 0, 3));
        log.decideAppend(List.of(batch(0, 3, 2).build()));

        // a producer told the batch failed for good reuses its sequences for the next records (Kafka's client
        // moves later sequences down): the log expects sequence 3, not 5
        assertThat(append(batch(0, 3, 1)).firstOffset()).isEqualTo(3);
        assertThatThrownBy(() -> append(batch(0, 5, 1))).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void shouldAcceptTheNextSequenceInOrder() {
        append(batch(0, 0, 3));

        LogAppend next = append(batch(0, 3, 2));

        assertThat(next.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldRejectASequenceGap() {
        append(batch(0, 0, 3));

        assertThatThrownBy(() -> append(batch(0, 4, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void shouldRejectASequenceThatOverlapsWithoutBeingARetry() {
        append(batch(0, 0, 3));

        assertThatThrownBy(() -> append(batch(0, 1, 3))).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void shouldAnswerARetryOfAnyOfTheLastFiveBatchesWithItsOriginalOffsets() {
        // given a non-idempotent batch first, so producer offsets differ from sequences
        log.append(List.of(aBatch().records(10).build()));
        for (int i = 0; i < 5; i++) {
            append(batch(0, i * 2, 2));
        }
        long endBefore = log.logEndOffset();

        for (int i = 0; i < 5; i++) {
            // when the producer retries batch i
            LogAppend retry = append(batch(0, i * 2, 2));

            // then it is told the offsets it got the first time and nothing is appended
            assertThat(retry.isDuplicate()).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(10 + i * 2L);
            assertThat(retry.lastOffset()).isEqualTo(11 + i * 2L);
            assertThat(retry.batches()).isEmpty();
            assertThat(retry.producerStates()).isEmpty();
        }
        assertThat(log.logEndOffset()).isEqualTo(endBefore);
    }

    @Test
    void shouldLeaveARetriedBatchWithoutAnAssignedOffset() {
        append(batch(0, 0, 1));
        var retried = batch(0, 0, 1).baseOffset(0).build();

        log.append(List.of(retried));

        assertThat(retried.baseOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldRejectARetryOlderThanTheLastFiveBatches() {
        // given six batches: the first is no longer remembered
        for (int i = 0; i < 6; i++) {
            append(batch(0, i, 1));
        }

        // then its retry looks out of order
        assertThatThrownBy(() -> append(batch(0, 0, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(batch(0, 1, 1)).isDuplicate()).isTrue();
    }

    @Test
    void shouldFenceAnOlderEpoch() {
        append(batch(2, 0, 1));

        assertThatThrownBy(() -> append(batch(1, 1, 1))).isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldFenceAnOlderEpochEvenForARetryOfAnEarlierBatch() {
        append(batch(1, 0, 1));
        append(batch(2, 0, 1));

        assertThatThrownBy(() -> append(batch(1, 0, 1))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldStartANewEpochAtSequenceZero() {
        append(batch(0, 0, 5));

        LogAppend bumped = append(batch(1, 0, 1));

        assertThat(bumped.isDuplicate()).isFalse();
        assertThat(bumped.producerStates()).singleElement().satisfies(state -> {
            assertThat(state.producerEpoch()).isEqualTo((short) 1);
            assertThat(state.batches()).as("a new epoch forgets the old batches").hasSize(1);
        });
    }

    @Test
    void shouldRejectANewEpochThatDoesNotStartAtZero() {
        append(batch(0, 0, 5));

        assertThatThrownBy(() -> append(batch(1, 5, 1))).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void shouldNotTakeARetryFromTheOldEpochAsADuplicateAfterABump() {
        append(batch(0, 0, 1));
        append(batch(1, 0, 1));

        assertThatThrownBy(() -> append(batch(0, 0, 1))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldWrapSequencesFromIntegerMaxValueToZero() {
        // given a batch ending exactly at the largest sequence
        append(batch(0, Integer.MAX_VALUE - 1, 2));

        // then the next starts at 0
        LogAppend next = append(batch(0, 0, 1));

        assertThat(next.isDuplicate()).isFalse();
        assertThat(next.firstOffset()).isEqualTo(2);
    }

    @Test
    void shouldAcceptABatchWhoseSequencesWrapInside() {
        append(batch(0, Integer.MAX_VALUE - 1, 1));

        LogAppend wrapping = append(batch(0, Integer.MAX_VALUE, 3));
        LogAppend after = append(batch(0, 2, 1));

        assertThat(wrapping.producerStates().get(0).lastBatch()).hasValue(new BatchMetadata(Integer.MAX_VALUE, 1, 1, 3));
        assertThat(after.firstOffset()).isEqualTo(4);
    }

    @Test
    void shouldRecognizeARetryOfABatchThatWrapped() {
        append(batch(0, Integer.MAX_VALUE, 3));

        assertThat(append(batch(0, Integer.MAX_VALUE, 3)).isDuplicate()).isTrue();
    }

    @Test
    void shouldKeepProducersApart() {
        append(aBatch().producer(1, 0, 0));
        append(aBatch().producer(2, 0, 100));

        assertThat(append(aBatch().producer(1, 0, 1)).isDuplicate()).isFalse();
        assertThat(append(aBatch().producer(2, 0, 101)).isDuplicate()).isFalse();
        assertThatThrownBy(() -> append(aBatch().producer(2, 0, 1))).isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void shouldApplyTheRulesToProducerStateRecoveredFromStorage() {
        // given a log recovered with a producer whose last batch had sequences 10..12 at offsets 40..42
        ProducerStateEntry stored = new ProducerStateEntry(PRODUCER, (short) 0,
                List.of(new BatchMetadata(10, 12, 40, 42)));
        PartitionLog recovered = PartitionLog.recovered(0, 43, 0, List.of(stored));

        // then a retry is a duplicate, and a gap is refused
        LogAppend retry = recovered.append(List.of(batch(0, 10, 3).build()));
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(40);
        assertThatThrownBy(() -> recovered.append(List.of(batch(0, 14, 1).build())))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(recovered.append(List.of(batch(0, 13, 1).build())).firstOffset()).isEqualTo(43);
    }
}
