package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreatePartitions, DeleteRecords, DescribeTopicPartitions and OffsetForLeaderEpoch with real clients. */
@OnEveryStorage
class LogAdminEndToEndTest extends BrokerEndToEndTest {

    @Test
    void shouldGrowATopicAndRefuseToShrinkIt() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("growing", 2, (short) 1))).all().get();

            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get();
            assertThat(partitions(admin, "growing")).isEqualTo(5);

            assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get())
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
            assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get())
                    .hasCauseInstanceOf(InvalidPartitionsException.class);
            assertThatThrownBy(() -> admin.createPartitions(Map.of("never-created", NewPartitions.increaseTo(5))).all().get())
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(8)),
                    new CreatePartitionsOptions().validateOnly(true)).all().get();
            assertThat(partitions(admin, "growing")).isEqualTo(5);
        }
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            assertThat(producer.send(new ProducerRecord<>("growing", 4, "k", "v")).get().partition()).isEqualTo(4);
        }
    }

    @Test
    void shouldDeleteRecordsBeforeAnOffset() throws Exception {
        TopicPartition partition = new TopicPartition("trimmed", 0);
        BROKER.createTopic(partition.topic(), 1);
        produce(partition, 10);
        try (Admin admin = BROKER.admin()) {
            long lowWatermark = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(4)))
                    .lowWatermarks().get(partition).get().lowWatermark();
            assertThat(lowWatermark).isEqualTo(4);

            assertThatThrownBy(() -> admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(11)))
                    .lowWatermarks().get(partition).get())
                    .hasCauseInstanceOf(OffsetOutOfRangeException.class);
        }
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            assertThat(consumer.beginningOffsets(List.of(partition))).containsEntry(partition, 4L);
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            assertThat(poll(consumer, 6)).extracting(ConsumerRecord::offset).first().isEqualTo(4L);
        }
    }

    @Test
    void shouldDescribeTopicsPageByPage() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("paged-a", 5, (short) 1), new NewTopic("paged-b", 3, (short) 1)))
                    .all().get();

            Map<String, TopicDescription> described = admin.describeTopics(List.of("paged-b", "paged-a"),
                    new DescribeTopicsOptions().partitionSizeLimitPerResponse(2)).allTopicNames().get();

            assertThat(described.get("paged-a").partitions()).extracting(TopicPartitionInfo::partition)
                    .containsExactly(0, 1, 2, 3, 4);
            assertThat(described.get("paged-b").partitions()).extracting(TopicPartitionInfo::partition)
                    .containsExactly(0, 1, 2);
            assertThat(described.get("paged-a").partitions()).allSatisfy(info -> assertThat(info.leader().id()).isEqualTo(1));
            assertThatThrownBy(() -> admin.describeTopics(List.of("paged-a", "not-there")).allTopicNames().get())
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldValidateAConsumerPositionWithItsLeaderEpoch() throws Exception {
        TopicPartition partition = new TopicPartition("validated", 0);
        BROKER.createTopic(partition.topic(), 1);
        produce(partition, 10);

        // a position in epoch 0 below the end is valid: consumption continues from it
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, new OffsetAndMetadata(5, Optional.of(0), ""));
            assertThat(poll(consumer, 5)).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
        }
        // a position beyond where epoch 0 ends, or in an epoch the log never had, was truncated away
        for (OffsetAndMetadata truncated : List.of(new OffsetAndMetadata(50, Optional.of(0), ""),
                new OffsetAndMetadata(5, Optional.of(7), ""))) {
            try (KafkaConsumer<String, String> consumer = BROKER.consumer(
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, truncated);
                assertThatThrownBy(() -> poll(consumer, 1)).isInstanceOf(LogTruncationException.class);
            }
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static void produce(TopicPartition partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k", "v" + i)).get();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
