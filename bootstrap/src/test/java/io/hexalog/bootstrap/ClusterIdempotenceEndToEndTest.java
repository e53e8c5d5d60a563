package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idempotent producer keeps writing while the leader of its partition stops as a crash would: the requests
 * it had in flight lose their answers, and it sends them again to the new leader. A batch the old leader's
 * followers had already agreed on is a duplicate there, answered with its original offset, so the partition
 * ends up with every record exactly once, in the order sent, with no gap, and no send fails (an
 * OUT_OF_ORDER_SEQUENCE_NUMBER would fail it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterIdempotenceEndToEndTest {

    private static final String TOPIC = "transfers";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int RECORDS = 4_000;
    private static final int ACKS_BEFORE_STOP = 1_000;
    private static final int BURST_BEFORE_STOP = 200;

    private RunningCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldGiveARetriedBatchItsOriginalOffsetOnTheNewLeaderAndNeverStoreItTwice() throws Exception {
        // given a replicated partition and its leader
        cluster = RunningCluster.start(StorageKind.MEMORY, 3);
        int leader;
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> partitionInfo(admin).leader() != null);
            leader = partitionInfo(admin).leader().id();
        }
        Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger acknowledgements = new AtomicInteger();
        double retriedRecords;
        CompletableFuture<Void> stop = CompletableFuture.completedFuture(null);
        KafkaProducer<String, String> producer = cluster.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                // small batches, so that several requests are in flight when the leader stops
                ProducerConfig.BATCH_SIZE_CONFIG, 1_024,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
        try {
            // when the leader stops while the producer has requests in flight to it
            for (int i = 0; i < RECORDS; i++) {
                if (i == ACKS_BEFORE_STOP * 2) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgements.get() >= ACKS_BEFORE_STOP);
                }
                // a burst sent just before the stop, so that requests are in flight to the leader when it stops
                // even if everything sent before the wait was acknowledged during it; the sends go on while the node
                // stops, so that some are on their way to it whenever its connections close
                if (i == ACKS_BEFORE_STOP * 2 + BURST_BEFORE_STOP) {
                    stop = CompletableFuture.runAsync(() -> cluster.stopNode(leader));
                }
                int sequence = i;
                String value = "record-" + i;
                producer.send(new ProducerRecord<>(TOPIC, 0, value, value), (metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.put(metadata.offset(), sequence);
                        acknowledgements.incrementAndGet();
                    } else {
                        failures.add(value + ": " + failure);
                    }
                });
            }
            stop.get(60, TimeUnit.SECONDS);
            producer.flush();
            retriedRecords = metric(producer, "record-retry-total");
            System.out.printf("%d records acknowledged, %.0f sent again after node %d stopped%n",
                    acknowledgements.get(), retriedRecords, leader);
        } finally {
            producer.close(Duration.ofSeconds(10));
        }

        // then every send succeeded, and the partition holds each record once, in order, at its acknowledged offset
        assertThat(failures).isEmpty();
        assertThat(retriedRecords).as("records the producer sent again").isPositive();
        assertThat(acknowledged).hasSize(RECORDS);
        List<String> stored = readPartition();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            expected.add("record-" + i);
        }
        assertThat(stored).containsExactlyElementsOf(expected);
        acknowledged.forEach((offset, sequence) ->
                assertThat(stored.get(offset.intValue())).isEqualTo("record-" + sequence));
    }

    private static TopicPartitionInfo partitionInfo(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC)
                .partitions().get(0);
    }

    /** The partition's values in offset order, from offset 0 to its end. */
    private List<String> readPartition() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.offset()).as("offset of the next record").isEqualTo(values.size());
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals("producer-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("The producer has no metric " + name);
    }
}
