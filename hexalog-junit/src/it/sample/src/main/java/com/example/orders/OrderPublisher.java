package com.example.orders;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** The application code under test: publishes an order, keyed by its customer, and waits for the broker's ack. */
public final class OrderPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    public OrderPublisher(String bootstrapServers, String topic) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    public void publish(String customer, String order) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, customer, order)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
