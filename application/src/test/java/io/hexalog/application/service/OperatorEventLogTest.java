package io.hexalog.application.service;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.hexalog.application.service.SampleBatches.BASE_TIMESTAMP;
import static io.hexalog.application.service.SampleBatches.withTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

/** One INFO line for each event an operator follows: topics created, grown and deleted, data deleted by retention. */
class OperatorEventLogTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(1, true, 1 << 20, -1, -1,
            TimestampType.CREATE_TIME, INTERVAL, Set.of(), GroupCoordinatorConfig.kafkaDefaults()), 1);

    @Test
    void shouldLogTopicsCreatedGrownAndDeleted() {
        try (CapturedLog log = CapturedLog.of(TopicService.class)) {
            broker.createTopic("orders", 2, Map.of("retention.ms", "60000"));
            broker.topics.createPartitions(new CreatePartitionsCommand(TopicName.of("orders"), 5, false)).join();
            broker.topics.deleteTopic(TopicName.of("orders")).join();

            assertThat(log.lines()).hasSize(3);
            assertThat(log.lines().get(0)).startsWith("Topic orders created with 2 partitions, ID ")
                    .endsWith("configs {retention.ms=60000}");
            assertThat(log.lines().get(1)).isEqualTo("Topic orders grew from 2 to 5 partitions");
            assertThat(log.lines().get(2)).startsWith("Topic orders deleted (ID ");
        }
    }

    @Test
    void shouldLogWhatRetentionDeleted() {
        TopicIdPartition partition = broker.createTopic("aging", 1, Map.of("retention.ms", "5000")).partition(0);
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP).build());
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP + 2000).build());
        broker.retention.start();

        try (CapturedLog log = CapturedLog.of(LogRetentionService.class)) {
            broker.clock.advance(Duration.ofMillis(6000));
            broker.scheduler.advance(INTERVAL);

            assertThat(log.lines()).containsExactly(
                    "Retention deleted the batches of " + partition + " before offset 1 (retention.ms=5000, retention.bytes=-1)");
        }
    }
}
