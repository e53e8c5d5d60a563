package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.EpochEndOffset;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DeleteRecords moves the log start offset; OffsetForLeaderEpoch answers from the single epoch 0. */
class DeleteRecordsAndLeaderEpochTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    /** Batches [0,3) [3,5) [5,6). */
    @BeforeEach
    void sixRecords() {
        broker.appendNow(partition, records(3).build());
        broker.appendNow(partition, records(2).build());
        broker.appendNow(partition, records(1).build());
    }

    @Test
    void shouldDeleteRecordsBeforeAnOffsetAndAnswerTheLowWatermark() {
        assertThat(broker.deleteRecords.deleteRecordsBefore(partition, 4).join()).isEqualTo(4);

        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(3L, 5L);
        assertThat(broker.store.open(partition).logStartOffset()).isEqualTo(4);
    }

    @Test
    void shouldDeleteUpToTheHighWatermarkWhenAskedTo() {
        assertThat(broker.deleteRecords.deleteRecordsBefore(partition, DeleteRecordsUseCase.HIGH_WATERMARK).join())
                .isEqualTo(6);

        assertThat(broker.store.stored(partition)).isEmpty();
        assertThat(broker.appendNow(partition, records(1).build())).isEqualTo(6);
    }

    @Test
    void shouldAnswerTheCurrentLowWatermarkForAnOffsetAlreadyDeleted() {
        broker.deleteRecords.deleteRecordsBefore(partition, 5).join();

        assertThat(broker.deleteRecords.deleteRecordsBefore(partition, 2).join()).isEqualTo(5);
    }

    @Test
    void shouldRefuseAnOffsetBeyondTheHighWatermark() {
        assertThat(broker.deleteRecords.deleteRecordsBefore(partition, 7))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause().isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(broker.store.stored(partition)).hasSize(3);
    }

    @Test
    void shouldRefuseAnUnknownPartition() {
        TopicIdPartition unknown = Topic.create(TopicName.of("nope"), 1).partition(0);

        assertThat(broker.deleteRecords.deleteRecordsBefore(unknown, 1))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> broker.leaderEpochs.endOffsetForEpoch(unknown, 0))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldAnswerTheLogEndOffsetForEpochZeroAndUndefinedForOthers() {
        assertThat(broker.leaderEpochs.endOffsetForEpoch(partition, 0)).isEqualTo(new EpochEndOffset(0, 6));
        assertThat(broker.leaderEpochs.endOffsetForEpoch(partition, 1)).isEqualTo(EpochEndOffset.UNDEFINED);
    }
}
