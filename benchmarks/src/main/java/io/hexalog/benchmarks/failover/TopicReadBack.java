package io.hexalog.benchmarks.failover;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a whole topic from the beginning up to its end offsets at the time of the call, with no group. */
final class TopicReadBack {

    private final String bootstrapServers;

    TopicReadBack(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    ReadBackCheck read(String topic, int partitions, long deadlineNanos) {
        ReadBackCheck check = new ReadBackCheck();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                assigned.add(new TopicPartition(topic, partition));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(60));
            while (!assigned.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition))) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("The topic was not read back to its end offsets " + ends
                            + " within the time limit");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    check.read(record.partition(), record.offset(), SteadyProducer.indexIn(record.value()));
                }
            }
        }
        return check;
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }
}
