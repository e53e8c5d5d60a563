package io.hexalog.domain.partition;

import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogTest {

    private static final int LEADER_EPOCH = 4;

    private final PartitionLog log = PartitionLog.empty(LEADER_EPOCH);

    @Test
    void shouldStartEmptyAtOffsetZero() {
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.highWatermark()).isZero();
        assertThat(log.leaderEpoch()).isEqualTo(LEADER_EPOCH);
    }

    @Test
    void shouldAssignContiguousOffsetsAcrossAppends() {
        // given
        RecordBatch first = aBatch().records(3).build();
        RecordBatch second = aBatch().records(2).build();

        // when
        LogAppend firstAppend = log.append(List.of(first));
        LogAppend secondAppend = log.append(List.of(second));

        // then
        assertThat(firstAppend.firstOffset()).isZero();
        assertThat(firstAppend.lastOffset()).isEqualTo(2);
        assertThat(secondAppend.firstOffset()).isEqualTo(3);
        assertThat(secondAppend.lastOffset()).isEqualTo(4);
        assertThat(second.baseOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldLeaveTheLogUnchangedUntilADecidedAppendIsApplied() {
        log.append(List.of(aBatch().records(3).build()));

        LogAppend decided = log.decideAppend(List.of(aBatch().records(2).build()));

        assertThat(decided.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(3);
        log.apply(decided);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldDecideTheSameOffsetsAgainForAnAppendThatWasNeverApplied() {
        log.append(List.of(aBatch().records(3).build()));
        log.decideAppend(List.of(aBatch().records(2).build()));

        LogAppend next = log.append(List.of(aBatch().records(1).build()));

        assertThat(next.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void shouldRefuseToApplyAnAppendDecidedAtAnotherLogEndOffset() {
        LogAppend stale = log.decideAppend(List.of(aBatch().records(2).build()));
        log.append(List.of(aBatch().records(1).build()));

        assertThatThrownBy(() -> log.apply(stale)).isInstanceOf(IllegalStateException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldAssignContiguousOffsetsToBatchesOfOneRequest() {
        // given batches whose producer left arbitrary base offsets in them
        List<RecordBatch> batches = RecordBatch.splitAll(RecordBatchBuilder.concat(
                aBatch().records(2).baseOffset(77), aBatch().records(1).baseOffset(5), aBatch().records(4)));

        // when
        LogAppend append = log.append(batches);

        // then
        assertThat(append.batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 3L);
        assertThat(append.firstOffset()).isZero();
        assertThat(append.lastOffset()).isEqualTo(6);
        assertThat(append.nextOffset()).isEqualTo(7);
        assertThat(append.isDuplicate()).isFalse();
        assertThat(append.sizeInBytes()).isEqualTo(batches.stream().mapToInt(RecordBatch::sizeInBytes).sum());
    }

    @Test
    void shouldStampTheLeaderEpochAndKeepTheCrcValid() {
        RecordBatch batch = aBatch().records(2).build();

        log.append(List.of(batch));

        assertThat(batch.partitionLeaderEpoch()).isEqualTo(LEADER_EPOCH);
        assertThatCode(batch::validate).doesNotThrowAnyException();
    }

    @Test
    void shouldContinueARecoveredLogAtItsEndOffset() {
        PartitionLog recovered = PartitionLog.recovered(10, 25, 0, List.of());

        LogAppend append = recovered.append(List.of(aBatch().build()));

        assertThat(append.firstOffset()).isEqualTo(25);
        assertThat(recovered.logStartOffset()).isEqualTo(10);
        assertThat(recovered.highWatermark()).as("everything recovered is committed").isEqualTo(25);
    }

    @Test
    void shouldRefuseAnImpossibleRecoveredRange() {
        assertThatThrownBy(() -> PartitionLog.recovered(5, 4, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionLog.recovered(-1, 4, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMoveHighWatermarkOnlyOnCommit() {
        // given an appended batch
        LogAppend append = log.append(List.of(aBatch().records(3).build()));

        // then it is not visible yet
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.highWatermark()).isZero();

        // when storage reports it stored
        log.commit(append.nextOffset());

        // then
        assertThat(log.highWatermark()).isEqualTo(3);
    }

    @Test
    void shouldNeverMoveHighWatermarkBackwards() {
        log.append(List.of(aBatch().records(3).build()));
        log.commit(3);

        log.commit(1);

        assertThat(log.highWatermark()).isEqualTo(3);
    }

    @Test
    void shouldRefuseToCommitBeyondTheLogEnd() {
        log.append(List.of(aBatch().records(3).build()));

        assertThatThrownBy(() -> log.commit(4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.highWatermark()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {10, 12, 15})
    void shouldAllowFetchingFromLogStartUpToLogEnd(long offset) {
        PartitionLog recovered = PartitionLog.recovered(10, 15, 0, List.of());

        assertThatCode(() -> recovered.checkFetchOffset(offset)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 9, 16, Long.MAX_VALUE})
    void shouldRejectFetchOutsideTheLog(long offset) {
        PartitionLog recovered = PartitionLog.recovered(10, 15, 0, List.of());

        assertThatThrownBy(() -> recovered.checkFetchOffset(offset)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldAllowFetchingBetweenHighWatermarkAndLogEnd() {
        log.append(List.of(aBatch().records(3).build()));

        assertThatCode(() -> log.checkFetchOffset(2)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseControlBatches() {
        RecordBatch batch = aBatch().control().build();

        assertThatThrownBy(() -> log.append(List.of(batch))).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRefuseATransactionalBatchWithoutAProducerId() {
        RecordBatch batch = aBatch().transactional().build();

        assertThatThrownBy(() -> log.append(List.of(batch))).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRefuseAnEmptyAppend() {
        assertThatThrownBy(() -> log.append(List.of())).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRefuseARequestMixingAnIdempotentBatchWithOthers() {
        List<RecordBatch> batches = List.of(aBatch().build(), aBatch().producer(1, 0, 0).build());

        assertThatThrownBy(() -> log.append(batches)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldLeaveEarlierBatchesUntouchedWhenALaterOneIsRefused() {
        RecordBatch plain = aBatch().baseOffset(77).build();

        assertThatThrownBy(() -> log.append(List.of(plain, aBatch().control().build())))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(plain.baseOffset()).isEqualTo(77);
    }
}
