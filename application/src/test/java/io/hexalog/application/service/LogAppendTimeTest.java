package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendResult;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Topics with message.timestamp.type=LogAppendTime: the broker's clock stamps each batch. */
class LogAppendTimeTest {

    private final CoreOnFakes broker = new CoreOnFakes();

    @Test
    void shouldStampBatchesWithTheBrokersClockAndReportTheTime() {
        Topic topic = broker.createTopic("stamped", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        broker.clock.advance(Duration.ofHours(1));
        long now = broker.clock.millis();

        AppendResult result = broker.append(topic.partition(0), records(3).build()).join();

        assertThat(result.logAppendTime()).hasValue(now);
        RecordBatch stored = broker.store.stored(topic.partition(0)).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(now);
        assertThatCode(stored::validate).doesNotThrowAnyException();
    }

    @Test
    void shouldLeaveProducerTimestampsOnCreateTimeTopics() {
        Topic topic = broker.createTopic("created", 1);

        AppendResult result = broker.append(topic.partition(0), records(3).build()).join();

        assertThat(result.logAppendTime()).isEmpty();
        RecordBatch stored = broker.store.stored(topic.partition(0)).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(SampleBatches.BASE_TIMESTAMP + 2);
    }

    @Test
    void shouldStampEveryTopicWhenTheBrokerDefaultIsLogAppendTime() {
        BrokerConfig settings = new BrokerConfig(1, true, 1 << 20, -1, -1, TimestampType.LOG_APPEND_TIME,
                Duration.ofMinutes(5), java.util.Set.of("log.message.timestamp.type"), GroupCoordinatorConfig.kafkaDefaults());
        CoreOnFakes stamping = new CoreOnFakes(settings, 1);
        Topic topic = stamping.createTopic("any", 1);

        AppendResult result = stamping.append(topic.partition(0), records(1).build()).join();

        assertThat(result.logAppendTime()).hasValue(stamping.clock.millis());
    }
}
