package io.hexalog.benchmarks.failover;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An idempotent acks=all producer sending records round-robin over a topic's partitions at a fixed rate, noting
 * every send and every acknowledgement in an {@link AcknowledgementLog}. A record's value starts with the time it
 * was due and its number, so that a read-back can tell which record it is.
 */
final class SteadyProducer {

    static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

    private final String bootstrapServers;
    private final Map<String, String> extraConfig;

    SteadyProducer(String bootstrapServers, Map<String, String> extraConfig) {
        this.bootstrapServers = bootstrapServers;
        this.extraConfig = extraConfig;
    }

    /**
     * Sends {@code records} records at {@code rate} per second and waits until every one is acknowledged or
     * failed, or until the deadline.
     *
     * @return false when some records were neither acknowledged nor failed by the deadline
     */
    boolean run(String topic, int partitions, int records, int recordSize, int rate, AcknowledgementLog log,
                long deadlineNanos) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config())) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int index = 0; index < records && System.nanoTime() < deadlineNanos; index++) {
                long due = start + index * intervalNanos;
                waitUntil(due);
                byte[] value = new byte[recordSize];
                ByteBuffer.wrap(value).putLong(due).putInt(index);
                int partition = index % partitions;
                log.sent(index, partition);
                int sentIndex = index;
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, failure) -> {
                    if (failure == null) {
                        log.acknowledged(sentIndex, metadata.offset(), System.nanoTime());
                    } else {
                        log.failed(sentIndex);
                    }
                });
            }
            producer.flush();
            return log.acknowledged() + log.failed() == log.sent();
        }
    }

    static int indexIn(byte[] value) {
        return ByteBuffer.wrap(value).getInt(Long.BYTES);
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putAll(extraConfig);
        return config;
    }

    private static void waitUntil(long due) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(Math.min(due - now, 100_000));
        }
    }
}
