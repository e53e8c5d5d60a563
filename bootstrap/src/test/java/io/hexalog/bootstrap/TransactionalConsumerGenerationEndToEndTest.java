package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consume-transform-produce with the real Java clients (KIP-447): the producer commits offsets with the consumer's
 * group metadata, and the broker refuses the offsets of a zombie consumer, one of an older generation, or, in a
 * consumer group of KIP-848, of an older member epoch.
 */
@OnEveryStorage
@Timeout(120)
class TransactionalConsumerGenerationEndToEndTest extends BrokerEndToEndTest {

    @Test
    void shouldCommitForTheCurrentGenerationAndRefuseAZombieConsumersStaleOne() throws Exception {
        // given a consumer of generation 1 of its group
        String topic = "generations-" + storage;
        String group = "transformers-" + storage;
        TopicPartition input = new TopicPartition(topic, 0);
        createWithOneRecord(topic);
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
             KafkaProducer<String, String> producer = BROKER.producer(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "transformer-" + storage,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
            awaitAssignment(consumer, topic);
            ConsumerGroupMetadata current = consumer.groupMetadata();
            ConsumerGroupMetadata zombie = new ConsumerGroupMetadata(group, current.generationId() - 1,
                    current.memberId(), Optional.empty());
            producer.initTransactions();

            // when a zombie's producer commits, then the current one's
            producer.beginTransaction();
            assertThatThrownBy(() -> {
                producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(1)), zombie);
                producer.commitTransaction();
            }).isInstanceOf(CommitFailedException.class);
            producer.abortTransaction();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(1)), current);
            producer.commitTransaction();

            // then only the current generation's offset is committed
            assertThat(current.generationId()).isPositive();
            assertThat(committedOffsets(group)).containsEntry(input, new OffsetAndMetadata(1));
        }
    }

    @Test
    void shouldCommitForAConsumerProtocolMembersCurrentEpochAndRefuseAStaleOne() throws Exception {
        // given a member of a consumer group (KIP-848), whose group metadata carries its member epoch
        String topic = "epochs-" + storage;
        String group = "epoch-transformers-" + storage;
        TopicPartition input = new TopicPartition(topic, 0);
        createWithOneRecord(topic);
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                     ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
             KafkaProducer<String, String> producer = BROKER.producer(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "epoch-transformer-" + storage,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
            awaitAssignment(consumer, topic);
            ConsumerGroupMetadata current = consumer.groupMetadata();
            assertThat(current.generationId()).as("the member epoch").isPositive();
            producer.initTransactions();

            // when the member's producer commits with its epoch
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(1)), current);
            producer.commitTransaction();

            // then the offset is committed; and one sent with an epoch the member has left behind is refused
            assertThat(committedOffsets(group)).containsEntry(input, new OffsetAndMetadata(1));
            ConsumerGroupMetadata stale = new ConsumerGroupMetadata(group, current.generationId() - 1,
                    current.memberId(), Optional.empty());
            producer.beginTransaction();
            assertThatThrownBy(() -> {
                producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(2)), stale);
                producer.commitTransaction();
            }).isInstanceOf(KafkaException.class);
            assertThat(committedOffsets(group)).containsEntry(input, new OffsetAndMetadata(1));
        }
    }

    private static void createWithOneRecord(String topic) throws Exception {
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> plain = BROKER.producer()) {
            plain.send(new ProducerRecord<>(topic, 0, "k", "to-transform")).get();
        }
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer, String topic) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }
}
