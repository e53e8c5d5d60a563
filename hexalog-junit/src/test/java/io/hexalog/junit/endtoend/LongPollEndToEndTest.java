package io.hexalog.junit.endtoend;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import io.hexalog.junit.BootstrapServers;
import io.hexalog.junit.HexalogBroker;
import io.hexalog.junit.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer waiting on an empty partition is woken by the append, without polling the broker. */
class LongPollEndToEndTest {

    @Nested
    @HexalogBroker(storage = Storage.MEMORY)
    class OnMemory extends Tests {
    }

    @Nested
    @HexalogBroker(storage = Storage.ROCKSDB)
    class OnRocksDb extends Tests {
    }

    abstract static class Tests {

        @BootstrapServers
        String servers;

        @Test
        void shouldDeliverARecordProducedWhileTheFetchWaits() throws Exception {
            // given a consumer positioned at the end of an empty partition, whose fetches wait up to 10 s
            TopicPartition partition = new TopicPartition("quiet", 0);
            Clients.createTopic(servers, partition.topic(), 1);
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers, Map.of(
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10_000, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1));
                 KafkaProducer<String, String> producer = Clients.producer(servers)) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
                double fetchesBefore = fetchTotal(consumer);

                // when a record is produced a second later
                CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                    sleepOneSecond();
                    producer.send(new ProducerRecord<>(partition.topic(), "k", "late"));
                    producer.flush();
                });
                long start = System.nanoTime();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(8));
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                produced.get();

                // then the waiting poll returns it well before the fetch's max wait, after a handful of fetches
                assertThat(records.records(partition)).singleElement()
                        .satisfies(record -> assertThat(record.value()).isEqualTo("late"));
                assertThat(waitedMillis).isLessThan(8_000);
                assertThat(fetchTotal(consumer) - fetchesBefore).isLessThanOrEqualTo(3);
            }
        }

        private static double fetchTotal(KafkaConsumer<String, String> consumer) {
            for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
                if (metric.getKey().name().equals("fetch-total")
                        && metric.getKey().group().equals("consumer-fetch-manager-metrics")) {
                    return (double) metric.getValue().metricValue();
                }
            }
            throw new AssertionError("consumer has no fetch-total metric");
        }

        private static void sleepOneSecond() {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
