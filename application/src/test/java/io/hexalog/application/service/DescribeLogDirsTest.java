package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeLogDirsQuery;
import io.hexalog.application.port.in.LogDirDescription;
import io.hexalog.application.port.in.ReplicaInfo;
import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/** DescribeLogDirs names the store's log directory and tells each hosted partition's size. */
class DescribeLogDirsTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final DescribeLogDirsQuery logDirs = broker.core.describeLogDirs();
    private final Topic orders = broker.createTopic("orders", 2);

    @Test
    void shouldTellTheSizeOfEachPartitionLogFromTheStore() {
        broker.appendNow(orders.partition(0), records(3).build());
        broker.appendNow(orders.partition(0), records(2).build());
        long stored = broker.store.stored(orders.partition(0)).stream().mapToLong(RecordBatch::sizeInBytes).sum();

        LogDirDescription description = logDirs.describeLogDir(List.of(orders.partition(0), orders.partition(1))).join();

        assertThat(description.replicas()).containsExactly(
                new ReplicaInfo(orders.partition(0), stored, 0),
                new ReplicaInfo(orders.partition(1), 0, 0));
    }

    @Test
    void shouldNameTheStoresLogDirectory() {
        LogDirDescription description = logDirs.describeLogDir(List.of()).join();

        assertThat(description.path()).isEqualTo(LogDirectory.IN_MEMORY);
        assertThat(description.totalBytes()).isEqualTo(LogDirectory.UNKNOWN_BYTES);
        assertThat(description.replicas()).isEmpty();
    }

    @Test
    void shouldLeaveOutPartitionsTheBrokerDoesNotHost() {
        TopicIdPartition unknownTopic = Topic.create(TopicName.of("nope"), 1).partition(0);
        TopicIdPartition unknownPartition = new TopicIdPartition(orders.id(), orders.name(), 7);

        LogDirDescription description = logDirs.describeLogDir(
                List.of(unknownTopic, unknownPartition, orders.partition(1))).join();

        assertThat(description.replicas()).extracting(ReplicaInfo::partition).containsExactly(orders.partition(1));
    }
}
