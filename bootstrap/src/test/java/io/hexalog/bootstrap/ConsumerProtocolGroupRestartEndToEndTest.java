package io.hexalog.bootstrap;

import io.hexalog.adapter.replication.ratis.FixedPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group of the consumer protocol (KIP-848) on RocksDB outlives the broker: a member that keeps running while the
 * broker restarts goes on heartbeating with its member ID and epoch, keeps its partitions (none is lost), and a
 * consumer that commits synchronously after processing reads no record twice. A member's regular expression, in
 * RE2/J's syntax, matches after the restart as it did before.
 */
@Timeout(120)
class ConsumerProtocolGroupRestartEndToEndTest {

    private static final String TOPIC = "ledger";
    private static final String OTHER_TOPIC = "ledger-audit";
    private static final String GROUP = "ledger-readers";
    private static final Duration PATIENCE = Duration.ofSeconds(40);

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
    void shouldLetAMemberGoOnWithItsIdAndEpochAcrossARestartAndReadNoRecordTwice() throws Exception {
        // given a member at a group epoch above 1 (another member came with another subscription and left), that
        // read and committed what was produced
        int port = FixedPorts.free();
        broker = startOn(port);
        broker.createTopic(TOPIC, 3);
        broker.createTopic(OTHER_TOPIC, 1);
        produce(0, 150);
        Reads reads = new Reads();
        try (KafkaConsumer<String, String> steady = groupConsumer("steady")) {
            steady.subscribe(List.of(TOPIC), reads);
            reads.pollUntil(steady, 150);
            try (KafkaConsumer<String, String> visitor = groupConsumer("visitor")) {
                visitor.subscribe(List.of(OTHER_TOPIC));
                await().atMost(PATIENCE).until(() -> {
                    visitor.poll(Duration.ofMillis(100));
                    steady.poll(Duration.ofMillis(100)).forEach(reads::note);
                    return !visitor.assignment().isEmpty();
                });
            }
            MemberDescription before = awaitStable(steady, reads, 3);

            // when the broker restarts on the same port and data directory while the member keeps polling, and
            // records keep coming at once
            broker.close();
            broker = null;
            broker = startOn(port);
            produce(150, 300);
            reads.pollUntil(steady, 300);
            MemberDescription after = awaitStable(steady, reads, 1);

            // then the group knows the member as before, the member lost no partition, and no record came twice
            assertThat(after.consumerId()).isEqualTo(before.consumerId());
            assertThat(after.memberEpoch().orElseThrow()).isGreaterThanOrEqualTo(before.memberEpoch().orElseThrow());
            assertThat(after.assignment().topicPartitions()).hasSize(3);
            assertThat(reads.lost.get()).as("partitions the consumer had to treat as lost").isZero();
            assertThat(reads.repeated()).as("records read more than once").isEmpty();
            assertThat(reads.count()).isEqualTo(300);
        }
    }

    @Test
    void shouldMatchARegularExpressionInRe2sOwnSyntaxAgainAfterARestart() throws Exception {
        // given a member subscribed with a pattern only RE2/J reads (a named group as RE2 writes it), reading a
        // topic it matches
        int port = FixedPorts.free();
        broker = startOn(port);
        broker.createTopic("eu-audit", 1);
        produce("eu-audit", 20);
        Set<String> read = new HashSet<>();
        try (KafkaConsumer<String, String> auditor = broker.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "auditors", ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.CLIENT_ID_CONFIG, "auditor"))) {
            auditor.subscribe(new SubscriptionPattern("(?P<region>eu|us)-audit"));
            pollUntil(auditor, read, "eu-audit", 20);

            // when the broker restarts, which restores the group from its stored state, and a second matching
            // topic is created
            broker.close();
            broker = null;
            broker = startOn(port);
            broker.createTopic("us-audit", 1);
            produce("us-audit", 20);

            // then the pattern matches as before the restart: the member is given the new topic and reads it
            pollUntil(auditor, read, "us-audit", 20);
            assertThat(read).hasSize(40);
        }
    }

    private static void pollUntil(KafkaConsumer<String, String> consumer, Set<String> read, String topic, int count) {
        await().atMost(PATIENCE).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> read.add(record.topic() + "@" + record.offset()));
            return read.stream().filter(seen -> seen.startsWith(topic + "@")).count() >= count;
        });
    }

    /** The one member once the group is stable at {@code epoch} or later, the consumer polled meanwhile. */
    private MemberDescription awaitStable(KafkaConsumer<String, String> steady, Reads reads, int epoch) {
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            steady.poll(Duration.ofMillis(100)).forEach(reads::note);
            reads.commit(steady);
            try (Admin admin = broker.admin()) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups()
                        .get(GROUP).get(10, TimeUnit.SECONDS);
                List<MemberDescription> members = new ArrayList<>(group.members());
                boolean stable = members.size() == 1 && group.groupEpoch().orElse(0) >= epoch
                        && members.get(0).memberEpoch().equals(group.groupEpoch());
                return stable ? members.get(0) : null;
            }
        }, member -> member != null);
    }

    private KafkaConsumer<String, String> groupConsumer(String clientId) {
        return broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, clientId));
    }

    private void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "entry-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void produce(int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = from; i < to; i++) {
                sends.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "entry-" + i)));
            }
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private RunningBroker startOn(int port) {
        return RunningBroker.start(StorageKind.ROCKSDB, dataDir, config -> {
            ServerConfig.Listener listener = config.listener();
            return new ServerConfig(new ServerConfig.Listener(listener.host(), port, listener.advertisedHost(),
                    listener.maxRequestBytes(), listener.ioThreads(), listener.traceProtocol(),
                    listener.maxInFlightRequestsPerConnection(), listener.fetchMaxBytes(), listener.fetchMemoryBytes(),
                    listener.connections(), listener.advertisedPort()), config.storage(), config.broker(),
                    config.http(), config.cluster());
        });
    }


    /**
     * What the consumer read, processed as it comes: each record noted, then the offsets committed synchronously
     * (a commit the broker refuses while it restarts is made again after the next poll). Counts the partitions the
     * consumer had to treat as lost.
     */
    private static final class Reads implements ConsumerRebalanceListener {

        private final Map<String, Integer> times = new HashMap<>();
        private final AtomicInteger lost = new AtomicInteger();

        void note(ConsumerRecord<String, String> record) {
            times.merge(record.partition() + "@" + record.offset(), 1, Integer::sum);
        }

        void pollUntil(KafkaConsumer<String, String> consumer, int distinct) {
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(this::note);
                commit(consumer);
                return count() >= distinct;
            });
        }

        void commit(KafkaConsumer<String, String> consumer) {
            try {
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (KafkaException refused) {
                // the broker is restarting, or the member rejoins: committed after the next poll
            }
        }

        int count() {
            return times.size();
        }

        List<String> repeated() {
            return times.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                    .sorted().collect(Collectors.toList());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lost.addAndGet(partitions.size());
        }
    }
}
