package com.example.orders;

import io.hexalog.junit.BootstrapServers;
import io.hexalog.junit.HexalogBroker;
import io.hexalog.junit.Storage;
import io.hexalog.junit.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@HexalogBroker(storage = Storage.ROCKSDB, topics = @Topic(name = "orders", partitions = 3))
class OrderPublisherTest {

    @BootstrapServers
    String servers;

    @Test
    void shouldPublishEveryOrderOfACustomerToOnePartitionInOrder() throws Exception {
        try (OrderPublisher publisher = new OrderPublisher(servers, "orders")) {
            publisher.publish("alice", "order-1");
            publisher.publish("alice", "order-2");
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "order-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        assertEquals(List.of("order-1", "order-2"), received.stream().map(ConsumerRecord::value).toList());
        assertEquals(1, received.stream().map(ConsumerRecord::partition).distinct().count());
    }
}
