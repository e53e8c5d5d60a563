package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Admin.describeProducers} with the real Java clients, on each storage kind: a transactional producer with
 * a transaction open on the partition shows where it began, an idempotent producer shows none; and a hanging
 * transaction, found that way, is ended by {@code Admin.abortTransaction} (what {@code kafka-transactions.sh
 * find-hanging} and {@code abort} do).
 */
@OnEveryStorage
@Timeout(120)
class DescribeProducersEndToEndTest extends BrokerEndToEndTest {

    private static final long HANGING_PRODUCER = 9001L;

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

    @Test
    void shouldEndAHangingTransactionWithTheAbortMarkerAnAdminWrites() throws Exception {
        // given a transaction no coordinator knows: its batch names no transactional ID, so nothing checks it
        String topic = "hanging-" + storage;
        TopicPartition partition = new TopicPartition(topic, 0);
        BROKER.createTopic(topic, 1);
        try (RawProducer raw = new RawProducer(BROKER.broker().port())) {
            assertThat(raw.produce(topic, 0, null, MemoryRecords.withTransactionalRecords(Compression.NONE,
                    HANGING_PRODUCER, (short) 4, 0, record("hanging")))).isEqualTo(Errors.NONE);
            assertThat(raw.produce(topic, 0, null, MemoryRecords.withRecords(Compression.NONE, record("plain"))))
                    .isEqualTo(Errors.NONE);
        }
        ProducerState hanging = describeProducers(partition).get(0);
        long stableBefore = lastStableOffset(partition);

        // when
        try (Admin admin = BROKER.admin()) {
            admin.abortTransaction(new AbortTransactionSpec(partition, hanging.producerId(),
                    (short) hanging.producerEpoch(), hanging.coordinatorEpoch().orElse(0))).all().get();
        }

        // then
        assertThat(hanging.producerId()).isEqualTo(HANGING_PRODUCER);
        assertThat(hanging.currentTransactionStartOffset()).isEqualTo(OptionalLong.of(0));
        assertThat(stableBefore).isZero();
        assertThat(describeProducers(partition)).singleElement().satisfies(state ->
                assertThat(state.currentTransactionStartOffset()).isEmpty());
        assertThat(lastStableOffset(partition)).isEqualTo(3);
    }

    private static long lastStableOffset(TopicPartition partition) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get().offset();
        }
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ProducerState> describeProducers(TopicPartition partition) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers();
        }
    }
}
