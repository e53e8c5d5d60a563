package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * A broker assembled exactly as {@code java -jar} assembles it, on loopback with an ephemeral port, for
 * one test class; plus factories for real Kafka clients pointed at it. Register it with
 * {@code @RegisterExtension static RunningBroker broker = new RunningBroker(StorageKind.MEMORY);}.
 */
final class RunningBroker implements BeforeAllCallback, AfterAllCallback {

    private final StorageKind storage;
    private final UnaryOperator<BrokerConfig> configured;
    private HexalogBroker broker;
    private Path dataDir;

    RunningBroker(StorageKind storage) {
        this(storage, UnaryOperator.identity());
    }

    /** A broker whose loopback configuration is changed by {@code configured} before it starts. */
    RunningBroker(StorageKind storage, UnaryOperator<BrokerConfig> configured) {
        this.storage = storage;
        this.configured = configured;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("hexalog-test");
        broker = HexalogBroker.start(configured.apply(BrokerConfig.loopback(storage, dataDir)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
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
