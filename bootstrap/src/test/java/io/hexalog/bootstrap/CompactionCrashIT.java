package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash in the middle of log compaction loses no latest value: the broker cleans a compacted topic every 50 ms
 * while a producer updates 200 keys, is killed with SIGKILL, restarted on the same RocksDB directory, three times;
 * then the last record of every key is the last one acknowledged for it, or a later one that was sent.
 */
class CompactionCrashIT {

    private static final String TOPIC = "latest";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int KEYS = 200;
    private static final int KILLS = 3;
    private static final int ACKS_BEFORE_KILL = 10_000;

    @TempDir
    Path dataDir;
    /** What the killed brokers wrote. */
    private final List<String> killedOutput = new ArrayList<>();

    @Test
    void shouldKeepTheLatestValueOfEveryKeyAcrossKillsDuringCleaning() throws Exception {
        try (BrokerProcess broker = startBroker(); Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "compact",
                    "segment.ms", "50", "min.cleanable.dirty.ratio", "0")))).all().get();
        }
        // the latest acknowledged offset and value of each key
        Map<String, Map.Entry<Long, String>> acknowledged = new ConcurrentHashMap<>();
        int sent = 0;
        for (int round = 0; round < KILLS; round++) {
            sent = produceUntilKilled(startBroker(), round, sent, acknowledged);
        }

        try (BrokerProcess broker = startBroker()) {
            Map<String, ConsumerRecord<String, String>> stored = lastRecordOfEachKey(broker);
            assertThat(stored.keySet()).containsAll(acknowledged.keySet());
            acknowledged.forEach((key, latest) -> {
                ConsumerRecord<String, String> last = stored.get(key);
                assertThat(last.offset()).as(key).isGreaterThanOrEqualTo(latest.getKey());
                if (last.offset() == latest.getKey()) {
                    assertThat(last.value()).as(key).isEqualTo(latest.getValue());
                }
            });
            // and the killed brokers were cleaning the topic
            assertThat(killedOutput).anySatisfy(line -> assertThat(line).contains("Cleaned " + TOPIC + "-0"));
        }
    }

    private BrokerProcess startBroker() throws Exception {
        return BrokerProcess.start("--storage=rocksdb", "--data-dir=" + dataDir, "--log-cleaner-backoff-ms=50");
    }

    private int produceUntilKilled(BrokerProcess broker, int round, int sentBefore,
                                          Map<String, Map.Entry<Long, String>> acknowledged) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        int sent = sentBefore;
        AtomicInteger acks = new AtomicInteger();
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acks.get() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                String key = "key-" + (sent % KEYS);
                String value = "round-" + round + "-update-" + sent++;
                producer.send(new ProducerRecord<>(TOPIC, 0, key, value), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.merge(key, Map.entry(metadata.offset(), value),
                                (before, now) -> now.getKey() > before.getKey() ? now : before);
                        acks.incrementAndGet();
                    }
                });
            }
            broker.kill();
            killedOutput.addAll(broker.output());
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
        assertThat(acks.get()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return sent;
    }

    private static Map<String, ConsumerRecord<String, String>> lastRecordOfEachKey(BrokerProcess broker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, ConsumerRecord<String, String>> last = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    last.put(record.key(), record);
                }
            }
        }
        return last;
    }

    private static Admin admin(BrokerProcess broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
