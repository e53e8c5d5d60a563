package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Admin.describeProducers} across a restart on RocksDB: each producer's last timestamp is stored with its
 * state, as Kafka keeps it in its producer snapshot, so the restarted broker reports what it reported before
 * rather than -1 until the producer writes again.
 */
@Timeout(120)
class DescribeProducersRestartEndToEndTest {

    private static final String TOPIC = "described-across-restart";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long IDEMPOTENT_TIME = 1_700_000_000_000L;
    private static final long TRANSACTIONAL_TIME = 1_700_000_100_000L;

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReportTheLastTimestampOfEveryProducerAfterARestart() throws Exception {
        // given an idempotent producer, a committed transaction and one left open
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);
        broker.createTopic(TOPIC, 1);
        KafkaProducer<String, String> idempotent = broker.producer();
        KafkaProducer<String, String> committing = transactional("committing");
        KafkaProducer<String, String> open = transactional("left-open");
        List<ProducerState> before;
        List<ProducerState> after;
        try {
            idempotent.send(new ProducerRecord<>(TOPIC, 0, IDEMPOTENT_TIME, "k", "plain")).get();
            committing.initTransactions();
            committing.beginTransaction();
            committing.send(new ProducerRecord<>(TOPIC, 0, TRANSACTIONAL_TIME, "k", "committed")).get();
            committing.commitTransaction();
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(TOPIC, 0, TRANSACTIONAL_TIME + 1, "k", "open")).get();
            before = describeProducers();

            // when
            broker.close();
            broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);
            after = describeProducers();
        } finally {
            // the producers' connections went with the first broker: nothing of theirs is left to wait for
            List.of(idempotent, committing, open).forEach(producer -> producer.close(Duration.ZERO));
        }

        // then
        assertThat(before).extracting(ProducerState::lastTimestamp)
                .contains(IDEMPOTENT_TIME, TRANSACTIONAL_TIME + 1)
                .allSatisfy(timestamp -> assertThat(timestamp).isPositive());
        assertThat(after).containsExactlyElementsOf(before);
        assertThat(after).filteredOn(state -> state.currentTransactionStartOffset().isPresent())
                .singleElement().satisfies(state -> {
                    assertThat(state.lastTimestamp()).isEqualTo(TRANSACTIONAL_TIME + 1);
                    assertThat(state.currentTransactionStartOffset()).isEqualTo(OptionalLong.of(3));
                });
    }

    private KafkaProducer<String, String> transactional(String transactionalId) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000));
    }

    private List<ProducerState> describeProducers() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeProducers(List.of(PARTITION)).partitionResult(PARTITION).get().activeProducers()
                    .stream().sorted(Comparator.comparingLong(ProducerState::producerId)).toList();
        }
    }
}
