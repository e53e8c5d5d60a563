package io.hexalog.junit.endtoend;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import io.hexalog.junit.BootstrapServers;
import io.hexalog.junit.HexalogBroker;
import io.hexalog.junit.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Offset lookups (ListOffsets) with the real consumer and AdminClient. */
class ListOffsetsEndToEndTest {

    @Nested
    @HexalogBroker(storage = Storage.MEMORY)
    class OnMemory extends Tests {
    }

    @Nested
    @HexalogBroker(storage = Storage.ROCKSDB)
    class OnRocksDb extends Tests {
    }

    abstract static class Tests {

        private static final long T0 = 1_600_000_000_000L;
        private static final TopicPartition TIMELINE = new TopicPartition("timeline", 0);

        /** The broker the timeline was produced to: each storage run gets its own. */
        private static String timelineProducedTo;

        @BootstrapServers
        String servers;

        /** 100 records, record i stamped T0 + 10 * i, in batches of varying size; once per broker. */
        @BeforeEach
        void produceTimeline() throws Exception {
            if (servers.equals(timelineProducedTo)) {
                return;
            }
            timelineProducedTo = servers;
            Clients.createTopic(servers, TIMELINE.topic(), 1);
            try (KafkaProducer<String, String> producer = Clients.producer(servers, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(TIMELINE.topic(), 0, T0 + 10L * i, "k", "v" + i));
                    if (i % 7 == 0) {
                        producer.flush();
                    }
                }
                producer.flush();
            }
        }

        @Test
        void shouldAnswerEarliestAndLatest() {
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers)) {
                assertThat(consumer.beginningOffsets(List.of(TIMELINE))).containsEntry(TIMELINE, 0L);
                assertThat(consumer.endOffsets(List.of(TIMELINE))).containsEntry(TIMELINE, 100L);
            }
        }

        @Test
        void shouldFindTheFirstRecordAtOrAfterATimestamp() {
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers)) {
                // exactly on a record, between two records, before all and after all
                assertThat(offsetForTime(consumer, T0 + 420)).isEqualTo(found(42, T0 + 420));
                assertThat(offsetForTime(consumer, T0 + 425)).isEqualTo(found(43, T0 + 430));
                assertThat(offsetForTime(consumer, 0)).isEqualTo(found(0, T0));
                assertThat(offsetForTime(consumer, T0 + 10_000)).isNull();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"gzip", "zstd"})
        void shouldFindTimestampsInsideCompressedBatches(String compression) throws Exception {
            TopicPartition compressed = new TopicPartition("timeline-" + compression, 0);
            Clients.createTopic(servers, compressed.topic(), 1);
            try (KafkaProducer<String, String> producer = Clients.producer(servers, Map.of(
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 50))) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(compressed.topic(), 0, T0 + i, "k", "v" + i));
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(servers)) {
                OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(compressed, T0 + 13)).get(compressed);
                assertThat(found).isEqualTo(found(13, T0 + 13));
            }
        }

        @Test
        void shouldAnswerAdminOffsetSpecs() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                assertThat(offset(admin, OffsetSpec.earliest())).isZero();
                assertThat(offset(admin, OffsetSpec.latest())).isEqualTo(100);
                assertThat(offset(admin, OffsetSpec.forTimestamp(T0 + 555))).isEqualTo(56);
                ListOffsetsResultInfo max = admin.listOffsets(Map.of(TIMELINE, OffsetSpec.maxTimestamp())).partitionResult(TIMELINE).get();
                assertThat(max.offset()).isEqualTo(99);
                assertThat(max.timestamp()).isEqualTo(T0 + 990);
            }
        }

        private static OffsetAndTimestamp offsetForTime(KafkaConsumer<String, String> consumer, long timestamp) {
            return consumer.offsetsForTimes(Map.of(TIMELINE, timestamp)).get(TIMELINE);
        }

        /** What the consumer reports: the offset, its timestamp and the leader epoch (0 on a single broker). */
        private static OffsetAndTimestamp found(long offset, long timestamp) {
            return new OffsetAndTimestamp(offset, timestamp, Optional.of(0));
        }

        private static long offset(Admin admin, OffsetSpec spec) throws Exception {
            return admin.listOffsets(Map.of(TIMELINE, spec)).partitionResult(TIMELINE).get().offset();
        }
    }
}
