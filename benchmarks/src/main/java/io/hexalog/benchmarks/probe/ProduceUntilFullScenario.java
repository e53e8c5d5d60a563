package io.hexalog.benchmarks.probe;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Produces numbered records with a plain (not idempotent) producer until the broker refuses them, then reads
 * the topic back and compares: every acknowledged record must be there, and no record its producer was told
 * had failed should be.
 */
@Command(name = "produce-until-full", mixinStandardHelpOptions = true,
        description = "Produces until the broker refuses, then checks what was stored against what was acknowledged.")
final class ProduceUntilFullScenario implements Callable<Integer> {

    @Mixin
    BrokerTarget broker;

    @Option(names = "--topic", defaultValue = "probe-produce-until-full", description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--mib", defaultValue = "1024", description = "MiB of 10 KiB records to try. Default: ${DEFAULT-VALUE}.")
    int mib;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int records = mib * 100;
        BitSet acknowledged = new BitSet(records);
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                int number = i;
                byte[] value = ByteBuffer.allocate(10 * 1024).putInt(number).array();
                producer.send(new ProducerRecord<>(topic, 0, null, value), (metadata, error) -> {
                    if (error == null) {
                        synchronized (acknowledged) {
                            acknowledged.set(number);
                        }
                    } else {
                        failures.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                    }
                });
            }
            producer.flush();
        }
        System.out.printf("sent %d records of 10 KiB: %d acknowledged, failures %s%n", records,
                acknowledged.cardinality(), new TreeMap<>(failures));
        BitSet stored = readBack();
        BitSet lost = (BitSet) acknowledged.clone();
        lost.andNot(stored);
        BitSet storedThoughFailed = (BitSet) stored.clone();
        storedThoughFailed.andNot(acknowledged);
        System.out.printf("read back %d: acknowledged but missing %d, stored although refused %d%n",
                stored.cardinality(), lost.cardinality(), storedThoughFailed.cardinality());
        System.out.println("broker: " + broker.describeHealth());
        return lost.isEmpty() && storedThoughFailed.isEmpty() ? 0 : 1;
    }

    private BitSet readBack() {
        BitSet stored = new BitSet();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    stored.set(ByteBuffer.wrap(record.value()).getInt());
                }
            }
        }
        return stored;
    }
}
