package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.domain.topic.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition whose write failed is offline: Metadata and DescribeTopicPartitions say so with
 * KAFKA_STORAGE_ERROR, no leader and the broker among the offline replicas, as Kafka answers for a replica in an
 * offline log directory, until storage takes writes again and the partition comes back.
 */
class OfflinePartitionMetadataTest {

    private static final short METADATA_V12 = 12;
    private static final short DESCRIBE_V0 = 0;
    private static final int BROKER = SingleBrokerClusterViewFake.BROKER.nodeId();

    private final InMemoryPartitionLogStoreFake store = new InMemoryPartitionLogStoreFake();
    private final EmbeddedBroker broker = new EmbeddedBroker(store);
    private final Topic orders;

    OfflinePartitionMetadataTest() {
        broker.core().start();
        orders = broker.createTopic("orders", 2);
    }

    @Test
    void shouldReportAPartitionWhoseWriteFailedAsOfflineUntilStorageTakesWritesAgain() {
        // given a write to partition 0 that storage fails
        store.failAppends();
        assertThat(append(0)).isCompletedExceptionally();

        // then Metadata reports partition 0 offline with KAFKA_STORAGE_ERROR, and partition 1 as it was
        List<MetadataResponsePartition> partitions = metadata();
        assertThat(partitions.get(0).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(partitions.get(0).leaderId()).isEqualTo(-1);
        assertThat(partitions.get(0).replicaNodes()).containsExactly(BROKER);
        assertThat(partitions.get(0).isrNodes()).isEmpty();
        assertThat(partitions.get(0).offlineReplicas()).containsExactly(BROKER);
        assertThat(partitions.get(1).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitions.get(1).leaderId()).isEqualTo(BROKER);

        // and so does DescribeTopicPartitions
        DescribeTopicPartitionsResponsePartition described = describe().get(0);
        assertThat(described.errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(described.leaderId()).isEqualTo(-1);
        assertThat(described.offlineReplicas()).containsExactly(BROKER);

        // and it stays offline while storage still refuses writes
        broker.scheduler().advance(Duration.ofSeconds(5));
        assertThat(metadata().get(0).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());

        // when storage takes writes again and a second passes
        store.stopFailing();
        broker.scheduler().advance(Duration.ofSeconds(1));

        // then the partition is back online, led by the broker, and takes appends at the offsets it stored
        MetadataResponsePartition back = metadata().get(0);
        assertThat(back.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(back.leaderId()).isEqualTo(BROKER);
        assertThat(back.isrNodes()).containsExactly(BROKER);
        assertThat(back.offlineReplicas()).isEmpty();
        assertThat(describe().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(append(0).join().baseOffset()).isZero();
    }

    private CompletableFuture<AppendResult> append(int partition) {
        return broker.core().produce().append(new AppendRecordsCommand(orders.partition(partition),
                List.of(aBatch().withRecords(2).build())));
    }

    private List<MetadataResponsePartition> metadata() {
        MetadataResponse response = broker.connect().call(METADATA_V12, new MetadataRequestData().setTopics(null));
        return response.data().topics().find("orders").partitions();
    }

    private List<DescribeTopicPartitionsResponsePartition> describe() {
        DescribeTopicPartitionsResponse response = broker.connect().call(DESCRIBE_V0,
                new DescribeTopicPartitionsRequestData().setTopics(List.of(
                        new DescribeTopicPartitionsRequestData.TopicRequest().setName("orders"))));
        return response.data().topics().find("orders").partitions();
    }
}
