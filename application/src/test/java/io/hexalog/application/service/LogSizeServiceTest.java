package io.hexalog.application.service;

import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/** The size of a partition's log: its stored batches, as the store keeps them. */
class LogSizeServiceTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 2).partition(0);

    @Test
    void shouldAnswerZeroForAnEmptyLog() {
        assertThat(broker.core.logSize().logSize(partition).join()).isZero();
    }

    @Test
    void shouldSumTheSizesOfTheStoredBatchesOfThatPartitionOnly() {
        // given
        RecordBatch first = records(3).valueSize(100).build();
        RecordBatch second = records(1).valueSize(10).build();
        broker.appendNow(partition, first);
        broker.appendNow(partition, second);
        broker.appendNow(broker.topics.findTopic(TopicName.of("orders")).orElseThrow().partition(1),
                records(5).build());

        // when
        long size = broker.core.logSize().logSize(partition).join();

        // then
        assertThat(size).isEqualTo(first.sizeInBytes() + second.sizeInBytes());
    }

    @Test
    void shouldStopCountingBatchesDeletedFromTheHeadOfTheLog() {
        // given
        RecordBatch first = records(3).build();
        RecordBatch second = records(2).build();
        broker.appendNow(partition, first);
        broker.appendNow(partition, second);

        // when
        broker.deleteRecords.deleteRecordsBefore(partition, 3).join();

        // then
        assertThat(broker.core.logSize().logSize(partition).join()).isEqualTo(second.sizeInBytes());
    }

    @Test
    void shouldRefuseAPartitionTheBrokerDoesNotHost() {
        TopicIdPartition unknown = Topic.create(TopicName.of("nope"), 1).partition(0);

        assertThat(broker.core.logSize().logSize(unknown))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }
}
