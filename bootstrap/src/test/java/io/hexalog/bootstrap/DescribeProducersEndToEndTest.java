package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Admin.describeProducers} with the real Java clients, on each storage kind: a transactional producer with
 * a transaction open on the partition shows where it began, an idempotent producer shows none.
 */
@OnEveryStorage
@Timeout(120)
class DescribeProducersEndToEndTest extends BrokerEndToEndTest {

    @Test
    void shouldShowAnOpenTransactionWithItsStartOffsetAndAnIdempotentProducerWithout() throws Exception {
        // given
        String topic = "described-" + storage;
        TopicPartition partition = new TopicPartition(topic, 0);
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> idempotent = BROKER.producer();
             KafkaProducer<String, String> transactional = BROKER.producer(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "describing-" + storage,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
            idempotent.send(new ProducerRecord<>(topic, 0, "k", "first")).get();
            idempotent.send(new ProducerRecord<>(topic, 0, "k", "second")).get();
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, 0, "k", "in-transaction")).get();

            // when
            List<ProducerState> open = describeProducers(partition);
            transactional.commitTransaction();
            List<ProducerState> committed = describeProducers(partition);

            // then
            assertThat(open).hasSize(2);
            assertThat(open).filteredOn(state -> state.currentTransactionStartOffset().isPresent())
                    .singleElement().satisfies(state -> {
                        assertThat(state.currentTransactionStartOffset()).isEqualTo(OptionalLong.of(2));
                        assertThat(state.lastSequence()).isZero();
                        assertThat(state.lastTimestamp()).isPositive();
                    });
            assertThat(open).filteredOn(state -> state.currentTransactionStartOffset().isEmpty())
                    .singleElement().satisfies(state -> {
                        assertThat(state.lastSequence()).isEqualTo(1);
                        assertThat(state.coordinatorEpoch()).isEmpty();
                    });
            assertThat(committed).hasSize(2)
                    .allSatisfy(state -> assertThat(state.currentTransactionStartOffset()).isEmpty());
        }
    }

    private static List<ProducerState> describeProducers(TopicPartition partition) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers();
        }
    }
}
