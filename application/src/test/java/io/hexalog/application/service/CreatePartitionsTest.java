package io.hexalog.application.service;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

class CreatePartitionsTest {

    private static final TopicName ORDERS = TopicName.of("orders");

    private final CoreOnFakes broker = new CoreOnFakes();
    private final Topic topic = broker.createTopic("orders", 2, Map.of("max.message.bytes", "300"));

    @Test
    void shouldGrowATopicKeepingItsDataAndConfigs() {
        broker.appendNow(topic.partition(0), records(3).build());

        Topic grown = broker.topics.createPartitions(new CreatePartitionsCommand(ORDERS, 5, false)).join();

        assertThat(grown.partitionCount()).isEqualTo(5);
        assertThat(grown.id()).isEqualTo(topic.id());
        assertThat(broker.topics.findTopic(ORDERS)).contains(grown);
        assertThat(broker.appendNow(grown.partition(0), records(1).build())).isEqualTo(3);
        assertThat(broker.appendNow(grown.partition(4), records(1).build())).isZero();
        assertThat(broker.append(grown.partition(4), records(1).valueSize(400).build())).isCompletedExceptionally();
    }

    @Test
    void shouldRefuseToShrinkOrKeepTheCount() {
        assertThat(failureOf(broker.topics.createPartitions(new CreatePartitionsCommand(ORDERS, 1, false))))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThat(failureOf(broker.topics.createPartitions(new CreatePartitionsCommand(ORDERS, 2, false))))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().partitionCount()).isEqualTo(2);
    }

    @Test
    void shouldChangeNothingWhenOnlyValidating() {
        Topic validated = broker.topics.createPartitions(new CreatePartitionsCommand(ORDERS, 4, true)).join();

        assertThat(validated.partitionCount()).isEqualTo(4);
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().partitionCount()).isEqualTo(2);
        assertThat(broker.append(validated.partition(3), records(1).build())).isCompletedExceptionally();
    }

    @Test
    void shouldRefuseAnUnknownTopic() {
        assertThat(failureOf(broker.topics.createPartitions(new CreatePartitionsCommand(TopicName.of("nope"), 3, false))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }
}
