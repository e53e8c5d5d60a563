package io.hexalog.bootstrap;

import io.hexalog.domain.config.LogConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Kafka Streams KTable whose changelog the broker compacts: a second instance, started on an empty state
 * directory, restores the table from the compacted changelog, reading one record per key instead of every update.
 */
@Timeout(180)
class StreamsTableRestoreEndToEndTest {

    private static final String INPUT = "prices";
    private static final String STORE = "latest-prices";
    private static final String APPLICATION = "price-table";
    private static final String CHANGELOG = APPLICATION + "-" + STORE + "-changelog";
    private static final int KEYS = 50;
    private static final int UPDATES = 2_000;

    @TempDir
    Path firstStateDir;
    @TempDir
    Path secondStateDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRestoreATableFromItsCompactedChangelog() throws Exception {
        // given a broker whose topics close segments every 100 ms and are cleaned whenever something is dirty
        LogConfig defaults = LogConfig.KAFKA_DEFAULTS.withOverrides(Map.of("segment.ms", "100",
                "min.cleanable.dirty.ratio", "0"));
        broker = RunningBroker.start(StorageKind.ROCKSDB, config -> config
                .withLogDefaults(defaults, Duration.ofMinutes(5)).withCleanerBackoff(Duration.ofMillis(200)));
        broker.createTopic(INPUT, 1);
        Map<String, String> latest = new HashMap<>();

        // when a first instance builds the table from 2,000 updates of 50 keys, then, once it has, from the update
        // of another key, which closes the changelog's segment holding the others
        try (KafkaStreams first = new KafkaStreams(table().build(), streamsConfig(firstStateDir))) {
            first.start();
            produce(latest, UPDATES);
            awaitTable(first, latest);
            Thread.sleep(250);
            produceOne(latest, "closing", "1");
            awaitTable(first, latest);
            // and the broker compacts the changelog down to one record per key
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> readChangelog().size() == KEYS + 1);
        }

        // then a second instance on an empty state directory restores the table from the compacted changelog
        AtomicLong restored = new AtomicLong();
        try (KafkaStreams second = new KafkaStreams(table().build(), streamsConfig(secondStateDir))) {
            second.setGlobalStateRestoreListener(new CountingRestoreListener(restored));
            second.start();
            awaitTable(second, latest);
        }
        assertThat(restored.get()).isEqualTo(KEYS + 1);
    }

    private static StreamsBuilder table() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(INPUT, Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder;
    }

    private void produceOne(Map<String, String> latest, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            producer.send(new ProducerRecord<>(INPUT, key, value)).get();
            latest.put(key, value);
        }
    }

    private void produce(Map<String, String> latest, int count) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < count; i++) {
                String key = "item-" + (i % KEYS);
                String value = "price-" + i;
                producer.send(new ProducerRecord<>(INPUT, key, value));
                latest.put(key, value);
            }
            producer.flush();
        }
    }

    private static void awaitTable(KafkaStreams streams, Map<String, String> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            ReadOnlyKeyValueStore<String, String> store = streams.store(
                    StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
            Map<String, String> seen = new HashMap<>();
            store.all().forEachRemaining(entry -> seen.put(entry.key, entry.value));
            return seen.equals(expected);
        });
    }

    private List<ConsumerRecord<String, String>> readChangelog() {
        TopicPartition partition = new TopicPartition(CHANGELOG, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private Properties streamsConfig(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // Streams leaves its group without a word on close: the second instance waits out the first's session
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
        return props;
    }

    /** Counts the records Streams reads back into its stores. */
    private record CountingRestoreListener(AtomicLong restored) implements StateRestoreListener {

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            restored.addAndGet(numRestored);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        }
    }
}
