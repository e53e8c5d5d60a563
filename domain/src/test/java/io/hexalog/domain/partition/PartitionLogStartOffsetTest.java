package io.hexalog.domain.partition;

import io.hexalog.domain.error.OffsetOutOfRangeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving the log start offset (DeleteRecords, retention) and answering OffsetForLeaderEpoch. */
class PartitionLogStartOffsetTest {

    private final PartitionLog log = PartitionLog.empty(0);

    @BeforeEach
    void tenCommittedRecordsAndTwoInFlight() {
        log.append(List.of(aBatch().records(10).build()));
        log.commit(10);
        log.append(List.of(aBatch().records(2).build()));
    }

    @Test
    void shouldMoveTheLogStartOffsetForward() {
        assertThat(log.advanceLogStartOffset(4)).isTrue();

        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThatThrownBy(() -> log.checkFetchOffset(3)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatCode(() -> log.checkFetchOffset(4)).doesNotThrowAnyException();
    }

    @Test
    void shouldMoveUpToTheHighWatermark() {
        assertThat(log.advanceLogStartOffset(10)).isTrue();

        assertThat(log.logStartOffset()).isEqualTo(10);
    }

    @Test
    void shouldNeverMoveTheLogStartOffsetBack() {
        log.advanceLogStartOffset(6);

        assertThat(log.advanceLogStartOffset(3)).isFalse();
        assertThat(log.advanceLogStartOffset(6)).isFalse();
        assertThat(log.logStartOffset()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 100, -1, -7})
    void shouldRefuseToMoveBeyondTheHighWatermarkOrBelowZero(long offset) {
        assertThatThrownBy(() -> log.advanceLogStartOffset(offset)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void shouldAnswerTheLogEndOffsetForTheCurrentEpoch() {
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 12));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 7})
    void shouldAnswerUndefinedForAnyOtherEpoch(int epoch) {
        assertThat(log.endOffsetForEpoch(epoch).isUndefined()).isTrue();
    }
}
