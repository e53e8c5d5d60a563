package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Committed offsets on RocksDB outlive the broker: a group resumes where it left off after a restart. */
@Timeout(120)
class ConsumerGroupRestartEndToEndTest {

    private static final String TOPIC = "restarted";
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepCommittedOffsetsAcrossARestartAndResumeWithoutRedelivery() throws Exception {
        // given a group that consumed and committed every record, and offsets committed with metadata and epochs
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);
        broker.createTopic(TOPIC, 3);
        List<String> early = produce("early", 90);
        Queue<String> firstRun = GroupConsumer.sharedQueue();
        try (GroupConsumer reader = GroupConsumer.start(broker, "reader", "survivors", TOPIC, firstRun, Map.of())) {
            awaitReceived(firstRun, early);
        }
        Map<TopicPartition, OffsetAndMetadata> annotated = Map.of(
                new TopicPartition(TOPIC, 0), new OffsetAndMetadata(11, Optional.of(0), "checkpoint-a"),
                new TopicPartition(TOPIC, 2), new OffsetAndMetadata(7, Optional.empty(), ""));
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "annotated"))) {
            consumer.commitSync(annotated);
        }
        Map<TopicPartition, OffsetAndMetadata> survivorsBefore = committedOffsets("survivors");
        assertThat(survivorsBefore.values()).extracting(OffsetAndMetadata::offset).containsOnly(30L);

        // when the broker stops and a new one starts on the same data directory
        broker.close();
        broker = null;
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);

        // then the admin client sees the same offsets, metadata and epochs
        assertThat(committedOffsets("survivors")).isEqualTo(survivorsBefore);
        assertThat(committedOffsets("annotated")).isEqualTo(annotated);

        // and a new member of the group receives only what was produced after the restart
        List<String> late = produce("late", 30);
        Queue<String> secondRun = GroupConsumer.sharedQueue();
        try (GroupConsumer next = GroupConsumer.start(broker, "next", "survivors", TOPIC, secondRun, Map.of())) {
            awaitReceived(secondRun, late);
            Thread.sleep(500);
            assertThat(secondRun).containsExactlyInAnyOrderElementsOf(late);
            assertThat(next.failure()).isNull();
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    private List<String> produce(String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            List<String> values = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, i % 3, null, values.get(i))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            return values;
        }
    }

    private static void awaitReceived(Queue<String> received, List<String> sent) {
        await().atMost(PATIENCE).until(() -> received.size() >= sent.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }
}
