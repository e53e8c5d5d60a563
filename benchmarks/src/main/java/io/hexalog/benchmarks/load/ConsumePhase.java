package io.hexalog.benchmarks.load;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * Reads a topic from the beginning with an assigning consumer (no group) until it has seen the expected
 * number of records. Each record's value starts with its send time, so the end-to-end latency (send to
 * receipt) is measured for every record; it is meaningful when the consumer tails a running producer.
 */
final class ConsumePhase {

    private final String bootstrapServers;
    private final Map<String, String> extraConfig;

    ConsumePhase(String bootstrapServers, Map<String, String> extraConfig) {
        this.bootstrapServers = bootstrapServers;
        this.extraConfig = extraConfig;
    }

    record Result(long records, long bytes, long firstToLastNanos, long elapsedNanos, LatencyHistogram endToEnd) {
    }

    /**
     * Tails the topic from the beginning with a fresh consumer.
     *
     * @param expected how many records to wait for; it may drop while the run goes on (failed sends)
     */
    Result run(String topic, int partitions, LongSupplier expected, long deadlineNanos) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
            List<TopicPartition> assigned = partitions(topic, partitions);
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            return read(consumer, expected, deadlineNanos);
        }
    }

    /**
     * Reads the whole topic {@code passes} times with one consumer, from the beginning each time. A single pass
     * over a topic of a few tens of MB lasts a fraction of a second, so its rate moves with the consumer's own
     * warm-up and any hiccup of a shared machine; the median of several passes is steadier.
     *
     * @return each pass, in order
     */
    List<Result> readAgain(String topic, int partitions, long expected, int passes, long deadlineNanos) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
            List<TopicPartition> assigned = partitions(topic, partitions);
            consumer.assign(assigned);
            List<Result> results = new ArrayList<>();
            for (int pass = 0; pass < passes; pass++) {
                consumer.seekToBeginning(assigned);
                results.add(read(consumer, () -> expected, deadlineNanos));
            }
            return results;
        }
    }

    private static List<TopicPartition> partitions(String topic, int partitions) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            assigned.add(new TopicPartition(topic, partition));
        }
        return assigned;
    }

    private static Result read(KafkaConsumer<byte[], byte[]> consumer, LongSupplier expected, long deadlineNanos) {
        LatencyHistogram endToEnd = new LatencyHistogram();
        long received = 0;
        long bytes = 0;
        long firstAt = 0;
        long lastAt = 0;
        long start = System.nanoTime();
        while (received < expected.getAsLong()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("Consumed " + received + " of " + expected.getAsLong()
                        + " records within the time limit");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                if (firstAt == 0) {
                    firstAt = now;
                }
                lastAt = now;
                endToEnd.recordNanos(now - ByteBuffer.wrap(record.value()).getLong());
                received++;
                bytes += record.value().length;
            }
        }
        return new Result(received, bytes, lastAt - firstAt, lastAt - start, endToEnd);
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.putAll(extraConfig);
        return config;
    }
}
