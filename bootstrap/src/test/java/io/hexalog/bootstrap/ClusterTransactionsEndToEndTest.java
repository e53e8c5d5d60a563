package io.hexalog.bootstrap;

import io.hexalog.application.service.TransactionCoordinatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactions on three brokers replicating through Raft, with the real Java client. The coordinator is the
 * metadata group's leader, and the partitions of a topic have their leaders on every node, so markers travel to
 * other nodes' shard leaders. A {@code read_committed} consumer sees exactly the committed records whichever node
 * it starts from, and keeps seeing exactly them when the coordinator's node stops in the middle of a transaction:
 * the new coordinator loads the transaction and completes it when the producer commits, or aborts it when its
 * timeout passes, and a new instance of the producer goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTransactionsEndToEndTest {

    private static final int PARTITIONS = 6;
    /** Short, so that a transaction left open is aborted within a second of its timeout. */
    private static final Duration ABORT_CHECK_INTERVAL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private RunningCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3, config -> config.withTransactions(
                new TransactionCoordinatorConfig(900_000, TransactionCoordinatorConfig.DEFAULT_TRANSACTIONAL_ID_EXPIRATION,
                        ABORT_CHECK_INTERVAL)));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A test that stopped a node leaves it to the next to start again, and to be counted live. */
    @BeforeEach
    void startStoppedNodes() throws Exception {
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (!cluster.isRunning(nodeId)) {
                cluster.startNode(nodeId);
            }
        }
        try (Admin admin = cluster.admin()) {
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(3));
        }
    }

    @Test
    @Order(1)
    void shouldShowExactlyTheCommittedRecordsOfPartitionsLedByEveryNodeToAReadCommittedConsumerOnAnyNode()
            throws Exception {
        // given a topic with leaders on every node
        String topic = createTopicLedByEveryNode("payments");

        // when one transaction commits, the next aborts, and a third commits
        try (KafkaProducer<String, String> producer = transactional("payments-writer", 60_000)) {
            producer.initTransactions();
            sendToEveryPartition(producer, topic, "first", true);
            sendToEveryPartition(producer, topic, "dropped", false);
            sendToEveryPartition(producer, topic, "second", true);
        }

        // then
        Set<String> committed = union(values("first"), values("second"));
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            assertThat(readCommitted(topic, nodeId, committed.size())).as("read_committed from node %d", nodeId)
                    .containsExactlyInAnyOrderElementsOf(committed);
        }
        Set<String> everything = union(committed, values("dropped"));
        assertThat(readUncommitted(topic, everything.size())).containsExactlyInAnyOrderElementsOf(everything);
        // transaction version 2: every EndTxn bumped the epoch, and the leaders on other nodes than the
        // coordinator's added their partitions to the transactions through it
        try (Admin admin = cluster.admin()) {
            assertThat(admin.describeFeatures().featureMetadata().get(10, TimeUnit.SECONDS).finalizedFeatures()
                    .get("transaction.version").maxVersionLevel()).isEqualTo((short) 2);
            assertThat(admin.describeTransactions(List.of("payments-writer")).description("payments-writer")
                    .get(10, TimeUnit.SECONDS).producerEpoch()).isEqualTo(3);
        }
    }

    @Test
    @Order(2)
    void shouldCommitAnOngoingTransactionWithTheNewCoordinatorAfterTheOldOnesNodeStops() throws Exception {
        // given a transaction under way, its records written to partitions led by every node
        String topic = createTopicLedByEveryNode("refunds");
        try (KafkaProducer<String, String> producer = transactional("refunds-writer", 120_000)) {
            producer.initTransactions();
            sendToEveryPartition(producer, topic, "before", true);
            producer.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "during-" + partition)).get();
            }
            int coordinator = coordinatorOf("refunds-writer");

            // when the coordinator's node stops, and the producer commits
            cluster.stopNode(coordinator);
            producer.commitTransaction();

            // then the producer goes on with the new coordinator
            sendToEveryPartition(producer, topic, "after", true);
            assertThat(coordinatorOf("refunds-writer")).isNotEqualTo(coordinator);
        }
        Set<String> committed = union(union(values("before"), values("during")), values("after"));
        assertThat(readCommitted(topic, runningNode(), committed.size())).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    @Order(3)
    void shouldAbortATransactionWhoseCoordinatorStoppedWhenItTimesOutAndLetANewInstanceGoOn() throws Exception {
        // given a transaction under way, with a short timeout
        String topic = createTopicLedByEveryNode("invoices");
        String transactionalId = "invoices-writer";
        KafkaProducer<String, String> abandoned = transactional(transactionalId, 6_000);
        int coordinator;
        try {
            abandoned.initTransactions();
            sendToEveryPartition(abandoned, topic, "kept", true);
            abandoned.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                abandoned.send(new ProducerRecord<>(topic, partition, null, "lost-" + partition)).get();
            }
            coordinator = coordinatorOf(transactionalId);
        } finally {
            abandoned.close(Duration.ZERO);
        }

        // when its coordinator's node stops and its producer never comes back
        cluster.stopNode(coordinator);

        // then the new coordinator aborts it once it times out: the partitions' stable offsets move past it
        Set<String> kept = values("kept");
        assertThat(readCommitted(topic, runningNode(), kept.size())).containsExactlyInAnyOrderElementsOf(kept);

        // and a new instance of the producer goes on
        try (KafkaProducer<String, String> producer = transactional(transactionalId, 60_000)) {
            producer.initTransactions();
            sendToEveryPartition(producer, topic, "resumed", true);
        }
        Set<String> committed = union(kept, values("resumed"));
        assertThat(readCommitted(topic, runningNode(), committed.size())).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    @Order(4)
    void shouldCompleteACommitDecidedJustBeforeTheCoordinatorsNodeStops() throws Exception {
        // given
        String topic = createTopicLedByEveryNode("settlements");
        try (KafkaProducer<String, String> producer = transactional("settlements-writer", 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "settled-" + partition));
            }
            int coordinator = coordinatorOf("settlements-writer");

            // when the coordinator's node stops as soon as the commit is answered, its markers perhaps not all written
            producer.commitTransaction();
            cluster.stopNode(coordinator);
        }

        // then every record of the transaction becomes visible, none twice
        Set<String> committed = values("settled");
        assertThat(readCommitted(topic, runningNode(), committed.size())).containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    @Order(5)
    void shouldWriteTheMarkersOfAPartitionWhoseLeaderStoppedToItsNewLeader() throws Exception {
        // given a transaction under way, and a node that leads partitions of it without coordinating it
        String topic = createTopicLedByEveryNode("chargebacks");
        try (KafkaProducer<String, String> producer = transactional("chargebacks-writer", 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "charged-" + partition)).get();
            }
            int coordinator = coordinatorOf("chargebacks-writer");
            int partitionLeader = coordinator % 3 + 1;

            // when that node stops before the commit
            cluster.stopNode(partitionLeader);
            producer.commitTransaction();
        }

        // then the markers reach the partitions' new leaders: everything committed is visible
        Set<String> committed = values("charged");
        assertThat(readCommitted(topic, runningNode(), committed.size())).containsExactlyInAnyOrderElementsOf(committed);
    }

    private String createTopicLedByEveryNode(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            // a node started again is counted live by every node a moment after it joined
            await().atMost(PATIENCE).ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return true;
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                Set<Integer> leaders = new HashSet<>();
                for (TopicPartitionInfo partition : admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(topic).partitions()) {
                    assertThat(partition.leader()).isNotNull();
                    leaders.add(partition.leader().id());
                }
                assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
            });
        }
        return topic;
    }

    private int coordinatorOf(String transactionalId) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).coordinatorId();
        }
    }

    private int runningNode() {
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (cluster.isRunning(nodeId)) {
                return nodeId;
            }
        }
        throw new IllegalStateException("No node runs");
    }

    private KafkaProducer<String, String> transactional(String transactionalId, int timeoutMs) {
        return cluster.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** One transaction with a record {@code <prefix>-<partition>} in every partition, committed or aborted. */
    private static void sendToEveryPartition(KafkaProducer<String, String> producer, String topic, String prefix,
                                             boolean commit) throws Exception {
        producer.beginTransaction();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            producer.send(new ProducerRecord<>(topic, partition, null, prefix + "-" + partition)).get();
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static Set<String> values(String prefix) {
        Set<String> values = new HashSet<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            values.add(prefix + "-" + partition);
        }
        return values;
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        return union;
    }

    /**
     * What a {@code read_committed} consumer that knows only {@code nodeId} reads from the beginning of every
     * partition, once no transaction is left open in the topic (its last stable offsets have reached its high
     * watermarks: every transaction was committed or aborted) and it has read {@code expected} records, or its
     * patience ran out, and a moment longer, so that a record that should not be there has its chance to show.
     */
    private List<String> readCommitted(String topic, int nodeId, int expected) {
        awaitNoOpenTransaction(topic, nodeId);
        return read(topic, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(nodeId)), expected);
    }

    private List<String> readUncommitted(String topic, int expected) {
        return read(topic, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), expected);
    }

    private List<String> read(String topic, Map<String, Object> overrides, int expected) {
        List<String> values = new ArrayList<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            partitions.add(new TopicPartition(topic, partition));
        }
        try (KafkaConsumer<String, String> consumer = cluster.consumer(new HashMap<>(overrides))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline && (values.size() < expected || !atEnd(consumer, partitions))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
        }
        return values;
    }

    private void awaitNoOpenTransaction(String topic, int nodeId) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            partitions.add(new TopicPartition(topic, partition));
        }
        String node = cluster.bootstrapServers(nodeId);
        try (KafkaConsumer<String, String> committed = cluster.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node));
             KafkaConsumer<String, String> uncommitted = cluster.consumer(Map.of(
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node))) {
            // a node just stopped may still be asked until the client learns its partitions' new leaders: a list
            // of offsets that times out meanwhile is asked again, within the same patience
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(TimeoutException.class).untilAsserted(() ->
                    assertThat(committed.endOffsets(partitions, Duration.ofSeconds(10)))
                            .as("last stable offsets")
                            .isEqualTo(uncommitted.endOffsets(partitions, Duration.ofSeconds(10))));
        }
    }

    /** Whether the consumer has reached the end its isolation level lets it see, in every partition. */
    private static boolean atEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }
}
