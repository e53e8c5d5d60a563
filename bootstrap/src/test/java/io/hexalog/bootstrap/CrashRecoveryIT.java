package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability with RocksDB: the broker process is killed with SIGKILL while an idempotent acks=all
 * producer is sending, restarted on the same data directory, and every acknowledged record must be there
 * exactly once at the offset it was acknowledged with; topics keep their IDs and partition counts.
 */
class CrashRecoveryIT {

    private static final String TOPIC = "ledger";
    private static final int PARTITIONS = 3;
    private static final int KILLS = 3;
    private static final int ACKS_BEFORE_KILL = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryAcknowledgedRecordAcrossKills() throws Exception {
        Map<TopicPartition, Map<Long, String>> acknowledged = new ConcurrentHashMap<>();
        TopicDescription created;
        try (BrokerProcess broker = startBroker(); Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            created = describe(admin);
        }
        int sent = 0;
        for (int round = 0; round < KILLS; round++) {
            // given a broker on the data directory and a producer writing to it
            BrokerProcess broker = startBroker();
            try (Admin admin = admin(broker)) {
                // then what was created before the previous kill is unchanged
                TopicDescription recovered = describe(admin);
                assertThat(recovered.topicId()).isEqualTo(created.topicId());
                assertThat(recovered.partitions()).hasSize(PARTITIONS);
            }
            // when the broker is killed while the producer is mid-stream
            sent = produceUntilKilled(broker, round, sent, acknowledged);
        }
        // then a restarted broker returns every acknowledged record, once, at its acknowledged offset
        try (BrokerProcess broker = startBroker()) {
            Map<TopicPartition, Map<Long, String>> stored = readEverything(broker);
            for (Map.Entry<TopicPartition, Map<Long, String>> partition : acknowledged.entrySet()) {
                assertThat(stored.get(partition.getKey())).containsAllEntriesOf(partition.getValue());
            }
            List<String> storedValues = stored.values().stream().flatMap(m -> m.values().stream()).toList();
            assertThat(storedValues).doesNotHaveDuplicates();
            assertThat(acknowledged.values().stream().mapToInt(Map::size).sum()).isGreaterThanOrEqualTo(KILLS * ACKS_BEFORE_KILL);
            assertThat(broker.terminate()).anySatisfy(line -> assertThat(line).contains("Hexalog stopped"));
        }
    }

    private BrokerProcess startBroker() throws Exception {
        return BrokerProcess.start("--storage=rocksdb", "--data-dir=" + dataDir);
    }

    private static int produceUntilKilled(BrokerProcess broker, int round, int sentBefore,
                                          Map<TopicPartition, Map<Long, String>> acknowledged) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        int sent = sentBefore;
        int ackedThisRound;
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            AtomicInteger acks = new AtomicInteger();
            while (acks.get() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                String value = "round-" + round + "-record-" + sent++;
                producer.send(new ProducerRecord<>(TOPIC, value, value), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.computeIfAbsent(new TopicPartition(TOPIC, metadata.partition()),
                                        p -> new ConcurrentHashMap<>()).put(metadata.offset(), value);
                        acks.incrementAndGet();
                    }
                });
            }
            ackedThisRound = acks.get();
            broker.kill();
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
        assertThat(ackedThisRound).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return sent;
    }

    private static Map<TopicPartition, Map<Long, String>> readEverything(BrokerProcess broker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<TopicPartition, Map<Long, String>> stored = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String previous = stored.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            p -> new HashMap<>()).put(record.offset(), record.value());
                    assertThat(previous).as("offset %d read twice", record.offset()).isNull();
                }
            }
        }
        return stored;
    }

    private static Admin admin(BrokerProcess broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }
}
