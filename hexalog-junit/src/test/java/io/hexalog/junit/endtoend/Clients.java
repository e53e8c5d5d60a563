package io.hexalog.junit.endtoend;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Real Kafka clients of the broker at one address, with string keys and values. */
public final class Clients {

    private Clients() {
    }

    public static Admin admin(String servers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    }

    public static void createTopic(String servers, String name, int partitions) throws Exception {
        try (Admin admin = admin(servers)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** A producer with the client's defaults (idempotent, acks=all) unless overridden. */
    public static KafkaProducer<String, String> producer(String servers, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    public static KafkaProducer<String, String> producer(String servers) {
        return producer(servers, Map.of());
    }

    /** A consumer without a group, for {@code assign} and {@code seek}. */
    public static KafkaConsumer<String, String> consumer(String servers, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    public static KafkaConsumer<String, String> consumer(String servers) {
        return consumer(servers, Map.of());
    }

    /** The port of {@code host:port}. */
    public static int port(String servers) {
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    /** Sends one record and waits for its acknowledgement. */
    public static void send(String servers, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(servers)) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    /** The values of a partition from the beginning, waiting up to 20 s for {@code expected} of them. */
    public static List<String> readAll(String servers, String topic, int partition, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(servers)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    /** Whether something accepts TCP connections at {@code servers} ({@code host:port}). */
    public static boolean listening(String servers) {
        int colon = servers.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(servers.substring(0, colon),
                    Integer.parseInt(servers.substring(colon + 1))), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
