package io.hexalog.bootstrap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An idempotent acks=all producer that sends numbered records ({@code record-0}, {@code record-1}...) round-robin
 * over the partitions of a topic at a steady rate, on a thread of its own, and remembers every acknowledgement
 * (the partition and offset the broker gave, and when) and every failure.
 */
final class SteadyProducer implements AutoCloseable {

    /** A record the broker acknowledged: where it was stored and when the answer came. */
    record Acknowledgement(long sequence, int partition, long offset, long atNanos) {
    }

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final long periodNanos;
    private final ConcurrentLinkedQueue<Acknowledgement> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Thread sender;
    private volatile boolean sending = true;
    private volatile long sent;
    private double retriedRecords;

    private SteadyProducer(KafkaProducer<String, String> producer, String topic, int partitions, int recordsPerSecond) {
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        this.sender = new Thread(this::sendSteadily, "steady-producer");
    }

    /**
     * Starts sending. The producer waits for every replica of the majority (acks=all), deduplicates its retries
     * (idempotence) and keeps retrying a record for up to a minute, long enough to outlast a failover.
     */
    static SteadyProducer start(String bootstrapServers, String topic, int partitions, int recordsPerSecond) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        SteadyProducer steady = new SteadyProducer(new KafkaProducer<>(props), topic, partitions, recordsPerSecond);
        steady.sender.start();
        return steady;
    }

    static String value(long sequence) {
        return "record-" + sequence;
    }

    static long sequenceOf(String value) {
        return Long.parseLong(value.substring("record-".length()));
    }

    private void sendSteadily() {
        long start = System.nanoTime();
        long sequence = 0;
        while (sending) {
            long wait = start + sequence * periodNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            send(sequence++);
            sent = sequence;
        }
    }

    private void send(long sequence) {
        int partition = (int) (sequence % partitions);
        String value = value(sequence);
        try {
            producer.send(new ProducerRecord<>(topic, partition, value, value), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.add(new Acknowledgement(sequence, metadata.partition(), metadata.offset(),
                            System.nanoTime()));
                } else {
                    failures.add(value + ": " + failure);
                }
            });
        } catch (RuntimeException e) {
            failures.add(value + " was not sent: " + e);
        }
    }

    /** How many records were acknowledged so far. */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    long sentCount() {
        return sent;
    }

    /** Every acknowledgement, in the order the answers came. */
    List<Acknowledgement> acknowledgements() {
        return new ArrayList<>(acknowledged);
    }

    /** Every record that failed, with its error. */
    List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** How many times the client sent a record again (its {@code record-retry-total}), read when it closed. */
    double retriedRecords() {
        return retriedRecords;
    }

    /** The longest time between two acknowledgements of any partitions. */
    static Duration longestPause(List<Acknowledgement> acknowledgements) {
        return longestGap(acknowledgements.stream().mapToLong(Acknowledgement::atNanos).sorted().toArray());
    }

    /** The longest time between two acknowledgements of the same partition, for each partition. */
    static Map<Integer, Duration> longestPausePerPartition(List<Acknowledgement> acknowledgements) {
        Map<Integer, List<Long>> times = new HashMap<>();
        for (Acknowledgement acknowledgement : acknowledgements) {
            times.computeIfAbsent(acknowledgement.partition(), p -> new ArrayList<>()).add(acknowledgement.atNanos());
        }
        Map<Integer, Duration> pauses = new HashMap<>();
        times.forEach((partition, at) ->
                pauses.put(partition, longestGap(at.stream().mapToLong(Long::longValue).sorted().toArray())));
        return pauses;
    }

    private static Duration longestGap(long[] sortedNanos) {
        long longest = 0;
        for (int i = 1; i < sortedNanos.length; i++) {
            longest = Math.max(longest, sortedNanos[i] - sortedNanos[i - 1]);
        }
        return Duration.ofNanos(longest);
    }

    /** Stops sending, waits up to {@code timeout} for the answers still owed, and closes the client. */
    void stop(Duration timeout) throws InterruptedException {
        sending = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.join(timeout.toMillis());
        while (acknowledged.size() + failures.size() < sent && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        retriedRecords = retries();
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private double retries() {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals("record-retry-total")
                    && metric.getKey().group().equals("producer-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (sending) {
            stop(Duration.ofSeconds(10));
        }
    }
}
