package io.hexalog.junit.endtoend;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import io.hexalog.junit.BootstrapServers;
import io.hexalog.junit.HexalogBroker;
import io.hexalog.junit.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Java producer and consumer against the assembled broker. */
class ProduceConsumeEndToEndTest {

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
        void shouldReadBackTenThousandKeyedRecordsWithHeadersInOrderPerPartition() throws Exception {
            // given a 3-partition topic and a default (idempotent, acks=all) producer
            String topic = "orders";
            Clients.createTopic(servers, topic, 3);
            int count = 10_000;
            long baseTimestamp = 1_700_000_000_000L;
            Map<Integer, List<Sent>> sentByPartition = new HashMap<>();
            try (KafkaProducer<String, String> producer = Clients.producer(servers)) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<Sent> sent = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                    Sent record = new Sent("key-" + (i % 97), "value-" + i, baseTimestamp + i, "t-" + i);
                    sent.add(record);
                    acks.add(producer.send(new ProducerRecord<>(topic, null, record.timestamp, record.key, record.value, headers)));
                }
                // when every send is acknowledged
                for (int i = 0; i < count; i++) {
                    RecordMetadata metadata = acks.get(i).get();
                    sentByPartition.computeIfAbsent(metadata.partition(), p -> new ArrayList<>())
                            .add(sent.get(i).at(metadata.offset()));
                }
            }
            // then a consumer that assigns itself every partition reads each partition back in order, intact
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers)) {
                List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<Integer, List<Sent>> received = new HashMap<>();
                int total = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (total < count && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        String trace = new String(record.headers().lastHeader("trace").value(), StandardCharsets.UTF_8);
                        received.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(
                                new Sent(record.key(), record.value(), record.timestamp(), trace).at(record.offset()));
                        total++;
                    }
                }
                assertThat(total).isEqualTo(count);
                assertThat(received).isEqualTo(sentByPartition);
                assertThat(sentByPartition).hasSize(3);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
        void shouldRoundTripEveryCompressionType(String compression) throws Exception {
            // given a topic and a producer compressing with the codec
            String topic = "compressed-" + compression;
            Clients.createTopic(servers, topic, 1);
            List<String> values = IntStream.range(0, 500).mapToObj(i -> compression + "-" + "x".repeat(i % 50) + i).toList();
            try (KafkaProducer<String, String> producer = Clients.producer(servers, Map.of(
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 20))) {
                // when the records are sent
                List<Future<RecordMetadata>> acks = values.stream()
                        .map(value -> producer.send(new ProducerRecord<>(topic, "k", value))).toList();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
            }
            // then they come back decompressed by the consumer, in order
            assertThat(Clients.readAll(servers, topic, 0, values.size())).isEqualTo(values);
        }

        /** A record as sent, and the offset it was acknowledged with. */
        private record Sent(String key, String value, long timestamp, String trace, long offset) {

            Sent(String key, String value, long timestamp, String trace) {
                this(key, value, timestamp, trace, -1);
            }

            Sent at(long acknowledgedOffset) {
                return new Sent(key, value, timestamp, trace, acknowledgedOffset);
            }
        }
    }
}
