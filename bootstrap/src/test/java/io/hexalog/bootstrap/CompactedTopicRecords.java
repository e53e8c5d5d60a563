package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** Writing updates of a few keys to a compacted topic, and reading it back across the gaps cleaning leaves. */
final class CompactedTopicRecords {

    private CompactedTopicRecords() {
    }

    /**
     * {@code updates} updates of {@code keys} keys in turn to partition 0; then, once their segment is older than
     * the topic's {@code segment.ms} (the tests set it well under 250 ms), one record that closes it.
     *
     * @param latest filled with the latest value of every key written
     * @return the log end offset after the closing record
     */
    static long writeUpdates(RunningBroker broker, TopicPartition partition, int keys, int updates,
                             Map<String, String> latest) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                String key = "key-" + (i % keys);
                sent.add(producer.send(new ProducerRecord<>(partition.topic(), 0, key, "value-" + i)));
                latest.put(key, "value-" + i);
            }
            for (Future<?> future : sent) {
                future.get();
            }
            Thread.sleep(250);
            long closing = producer.send(new ProducerRecord<>(partition.topic(), 0, "closing", "1")).get().offset();
            latest.put("closing", "1");
            return closing + 1;
        }
    }

    /** Every record from the start of the partition up to {@code endOffset}, read by a fresh consumer (30 s at most). */
    static List<ConsumerRecord<String, String>> readAll(RunningBroker broker, TopicPartition partition,
                                                        long endOffset) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < endOffset && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
