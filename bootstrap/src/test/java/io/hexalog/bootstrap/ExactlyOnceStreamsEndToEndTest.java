package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka Streams word count with {@code processing.guarantee=exactly_once_v2}, on each storage kind: Streams
 * reads with {@code read_committed}, and writes its repartition, changelog and output topics and commits its input
 * offsets in one transaction per commit. Its output, read with {@code read_committed},
 * holds exactly the counts of the corpus: the last count of every word is the number of times the word occurs.
 */
@Timeout(180)
class ExactlyOnceStreamsEndToEndTest {

    private static final String INPUT = "lines";
    private static final String OUTPUT = "word-counts";
    private static final int LINES = 400;
    private static final int WORDS_PER_LINE = 10;
    private static final List<String> VOCABULARY = List.of("log", "offset", "partition", "leader", "replica",
            "segment", "producer", "consumer", "group", "epoch", "marker", "commit", "abort", "fetch", "broker",
            "topic", "record", "batch", "watermark", "coordinator");
    private static final String REPARTITION = "words";
    private static final String STORE = "counts";
    private static final Duration COMPLETION = Duration.ofSeconds(90);
    private static final Duration CLOSE = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StorageKind.class)
    void shouldCountEveryWordExactlyOnceWithExactlyOnceV2(StorageKind storage) throws Exception {
        // given
        broker = RunningBroker.start(storage);
        broker.createTopic(INPUT, 3);
        broker.createTopic(OUTPUT, 2);
        List<String> corpus = corpus();
        produce(corpus);
        Map<String, Long> expected = expectedCounts(corpus);

        // when
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, List<Long>> counts;
        KafkaStreams streams = new KafkaStreams(wordCount().build(), streamsConfig(storage));
        try {
            streams.setUncaughtExceptionHandler(exception -> {
                failure.set(exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            counts = readCountsUntil(expected, failure);
        } finally {
            streams.close(CLOSE);
        }

        // then
        assertThat(failure.get()).isNull();
        Map<String, Long> lastCounts = new TreeMap<>();
        counts.forEach((word, seen) -> lastCounts.put(word, seen.get(seen.size() - 1)));
        assertThat(lastCounts).isEqualTo(expected);
        // with the record cache off every input word yields one count: none lost, none repeated
        counts.forEach((word, seen) -> assertThat(seen).as(word)
                .isEqualTo(LongStream.rangeClosed(1, expected.get(word)).boxed().toList()));
    }

    private static String applicationId(StorageKind storage) {
        return "word-count-" + storage.name().toLowerCase(Locale.ROOT);
    }

    private static StreamsBuilder wordCount() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.split(" ")))
                .groupBy((key, word) -> word, Grouped.with(REPARTITION, Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream()
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Long()));
        return builder;
    }

    private Properties streamsConfig(StorageKind storage) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(storage));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    /** A few thousand words drawn from a small vocabulary with a fixed seed, one line per record. */
    private static List<String> corpus() {
        Random random = new Random(16);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            List<String> words = new ArrayList<>();
            for (int j = 0; j < WORDS_PER_LINE; j++) {
                words.add(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            }
            lines.add(String.join(" ", words));
        }
        return lines;
    }

    private static Map<String, Long> expectedCounts(List<String> corpus) {
        return corpus.stream().flatMap(line -> Arrays.stream(line.split(" ")))
                .collect(Collectors.groupingBy(word -> word, TreeMap::new, Collectors.counting()));
    }

    private void produce(List<String> corpus) {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < corpus.size(); i++) {
                producer.send(new ProducerRecord<>(INPUT, "line-" + i, corpus.get(i)));
            }
            producer.flush();
        }
    }

    /**
     * Every count of every word read with {@code read_committed}, in order, until the last count of each word is
     * the expected one, the application failed, or time is up.
     */
    private Map<String, List<Long>> readCountsUntil(Map<String, Long> expected, AtomicReference<Throwable> failure) {
        Map<String, List<Long>> counts = new TreeMap<>();
        Map<String, Long> lastCounts = new TreeMap<>();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new LongDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(OUTPUT, 0), new TopicPartition(OUTPUT, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + COMPLETION.toNanos();
            while (!lastCounts.equals(expected) && failure.get() == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                    counts.computeIfAbsent(record.key(), word -> new ArrayList<>()).add(record.value());
                    lastCounts.put(record.key(), record.value());
                }
            }
        }
        return counts;
    }
}
