package io.hexalog.bootstrap;

import io.hexalog.application.service.GroupCoordinatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * A broker assembled exactly as {@code java -jar} assembles it, on loopback with an ephemeral port and a
 * fresh data directory, plus factories for real Kafka clients pointed at it. The only departure from the
 * defaults: consumer groups wait 100 ms instead of 3 s for more members before their first rebalance.
 */
final class RunningBroker implements AutoCloseable {

    private final HexalogBroker broker;
    /** The data directory this harness created, deleted once the broker stops; null where the test gave one. */
    private final Path ownDataDir;

    private RunningBroker(HexalogBroker broker, Path ownDataDir) {
        this.broker = broker;
        this.ownDataDir = ownDataDir;
    }

    /** A broker on a data directory of its own, deleted when it closes. */
    static RunningBroker start(StorageKind storage) {
        return start(storage, UnaryOperator.identity());
    }

    /** A broker on {@code dataDir}, which may hold what an earlier broker stored there. */
    static RunningBroker start(StorageKind storage, Path dataDir) {
        return start(storage, dataDir, UnaryOperator.identity());
    }

    /**
     * A broker whose loopback configuration is changed first, e.g. to check retention often, on a data directory of
     * its own, deleted when it closes.
     */
    static RunningBroker start(StorageKind storage, UnaryOperator<ServerConfig> customization) {
        Path dataDir = TemporaryDirectory.create("hexalog-test");
        try {
            return start(storage, dataDir, customization, dataDir);
        } catch (RuntimeException e) {
            TemporaryDirectory.delete(dataDir);
            throw e;
        }
    }

    /** A broker on {@code dataDir}, which may hold what an earlier broker stored there, configured as changed. */
    static RunningBroker start(StorageKind storage, Path dataDir, UnaryOperator<ServerConfig> customization) {
        return start(storage, dataDir, customization, null);
    }

    private static RunningBroker start(StorageKind storage, Path dataDir, UnaryOperator<ServerConfig> customization,
                                       Path ownDataDir) {
        ServerConfig config = ServerConfig.loopback(storage, dataDir)
                .withGroups(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(100));
        return new RunningBroker(HexalogBroker.start(customization.apply(config)), ownDataDir);
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            if (ownDataDir != null) {
                TemporaryDirectory.delete(ownDataDir);
            }
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The port the broker binds: not the one its clients are told when it advertises a proxy's. */
    int boundPort() {
        return broker.port();
    }

    HexalogBroker broker() {
        return broker;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** A producer with the client's defaults (idempotent, acks=all) unless overridden. */
    KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    /** A consumer without a group, for {@code assign} and {@code seek}. */
    KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    KafkaConsumer<String, String> consumer() {
        return consumer(Map.of());
    }
}
