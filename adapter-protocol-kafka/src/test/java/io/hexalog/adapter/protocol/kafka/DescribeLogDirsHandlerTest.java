package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.LogDirectory;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** DescribeLogDirs, as kafka-log-dirs asks it: the broker's log directory and the size of each partition's log. */
class DescribeLogDirsHandlerTest {

    private static final short NEWEST = 5;
    private static final short OLDEST = 1;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldDescribeEveryPartitionWhenNoTopicIsNamed() {
        // given
        broker.createTopic("orders", 2);
        broker.createTopic("payments", 1);
        produce("orders", 3);

        // when
        DescribeLogDirsResponse response = connection.call(NEWEST, new DescribeLogDirsRequestData().setTopics(null));

        // then
        assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        DescribeLogDirsResult directory = response.data().results().get(0);
        assertThat(Errors.forCode(directory.errorCode())).isEqualTo(Errors.NONE);
        assertThat(directory.logDir()).isEqualTo(LogDirectory.IN_MEMORY);
        assertThat(sizes(directory)).containsOnlyKeys("orders-0", "orders-1", "payments-0");
        assertThat(sizes(directory).get("orders-0")).isPositive();
        assertThat(sizes(directory).get("orders-1")).isZero();
        assertThat(directory.topics()).flatExtracting(DescribeLogDirsTopic::partitions)
                .extracting(DescribeLogDirsPartition::offsetLag, DescribeLogDirsPartition::isFutureKey)
                .containsOnly(tuple(0L, false));
    }

    @Test
    void shouldDescribeOnlyTheNamedPartitionsThatExist() {
        // given
        broker.createTopic("orders", 2);
        DescribeLogDirsRequestData request = new DescribeLogDirsRequestData();
        request.topics().add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 9)));
        request.topics().add(new DescribableLogDirTopic().setTopic("absent").setPartitions(List.of(0)));
        request.topics().add(new DescribableLogDirTopic().setTopic("not a name!").setPartitions(List.of(0)));

        // when
        DescribeLogDirsResponse response = connection.call(OLDEST, request);

        // then
        DescribeLogDirsResult directory = response.data().results().get(0);
        assertThat(Errors.forCode(directory.errorCode())).isEqualTo(Errors.NONE);
        assertThat(sizes(directory)).containsOnlyKeys("orders-1");
    }

    @Test
    void shouldAnswerAnEmptyDirectoryWhenTheBrokerHasNoTopics() {
        // when
        DescribeLogDirsResponse response = connection.call(NEWEST, new DescribeLogDirsRequestData().setTopics(null));

        // then
        assertThat(response.data().results()).singleElement().satisfies(directory -> {
            assertThat(directory.logDir()).isEqualTo(LogDirectory.IN_MEMORY);
            assertThat(directory.topics()).isEmpty();
        });
    }

    private static Map<String, Long> sizes(DescribeLogDirsResult directory) {
        return directory.topics().stream().flatMap(topic -> topic.partitions().stream()
                        .map(partition -> Map.entry(topic.name() + "-" + partition.partitionIndex(),
                                partition.partitionSize())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private void produce(String topic, int count) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = "record-" + i;
        }
        ProduceResponse response = connection.call((short) 9,
                KafkaWire.produce((short) 1, topic, 0, KafkaWire.records(values)));
        assertThat(response.errorCounts()).containsOnlyKeys(Errors.NONE);
    }
}
