package io.hexalog.bootstrap;

import io.hexalog.adapter.replication.ratis.FixedPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code java -jar hexalog.jar} processes on RocksDB form a cluster, with the broker's own election timeouts;
 * an idempotent acks=all producer writes to a topic of 6 partitions, each on all three nodes, at a steady rate.
 * While it writes, the leader of a partition is killed with SIGKILL and restarted on its data directory, twice.
 * Every acknowledged record must then be there exactly once, at the offset it was acknowledged with, in the order
 * it was sent; no record appears twice, and every replica of a partition holds the same bytes. The longest pause
 * between two acknowledgements, the price of a failover, is printed. In a second run a node loses its data
 * directory and is started on an empty one: it must get everything back and rejoin the in-sync replicas. In a third,
 * all three nodes are killed at once and started again, on the default {@code --fsync=never}: what they had
 * acknowledged is in their Raft logs and stores, written to the operating system, which outlives the processes.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterFailoverIT {

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 6;
    private static final int NODES = 3;
    private static final int RECORDS_PER_SECOND = 500;
    private static final int KILLS = 2;
    /** Records acknowledged between two events of the run, so each phase really writes under load. */
    private static final int ACKS_PER_PHASE = 500;
    /** Small JVMs that start fast: the build's cluster class-data archive, and no C2 compiler competing for the CPUs. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=target/hexalog-cluster.jsa");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final BrokerProcess[] nodes = new BrokerProcess[NODES + 1];
    private final int[] kafkaPorts = new int[NODES + 1];
    private String quorumVoters;

    @AfterEach
    void killEveryNode() throws InterruptedException {
        for (BrokerProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordOnceAndInOrderWhenPartitionLeadersAreKilled() throws Exception {
        // given three nodes, a replicated topic and a producer writing to it steadily
        SteadyProducer producer = startClusterAndProducer();
        List<String> events = new ArrayList<>();
        try {
            awaitMoreAcknowledgements(producer);

            // when the leader of a partition is killed and restarted, twice
            int previousVictim = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                int partition;
                int victim;
                try (Admin admin = admin()) {
                    partition = partitionNotLedBy(admin, previousVictim);
                    victim = leaderOf(admin, partition);
                }
                nodes[victim].kill();
                events.add("killed node " + victim + ", leader of " + TOPIC + "-" + partition + ", after "
                        + producer.acknowledgedCount() + " acknowledgements");
                try (Admin admin = admin()) {
                    awaitOutOfSync(admin, victim);
                }
                events.add("node " + victim + " left the in-sync replicas after " + producer.acknowledgedCount()
                        + " acknowledgements");
                awaitMoreAcknowledgements(producer);
                nodes[victim] = startNode(victim);
                try (Admin admin = admin()) {
                    awaitEveryReplicaInSync(admin);
                }
                events.add("node " + victim + " is back in sync after " + producer.acknowledgedCount()
                        + " acknowledgements");
                awaitMoreAcknowledgements(producer);
                previousVictim = victim;
            }
        } finally {
            producer.stop(Duration.ofSeconds(30));
        }

        // then every replica holds the same bytes (one that skipped an entry another applied never catches up), and
        // every acknowledged record is stored once, where it was acknowledged, in order
        Map<Integer, TreeMap<Long, String>> stored = assertEveryAcknowledgedRecordKept(producer, events);
        assertThat(producer.acknowledgements()).hasSizeGreaterThanOrEqualTo((2 * KILLS + 1) * ACKS_PER_PHASE);
        List<String> everyValue = stored.values().stream().flatMap(partition -> partition.values().stream()).toList();
        assertThat(everyValue).doesNotHaveDuplicates();
        for (Map.Entry<Integer, TreeMap<Long, String>> partition : stored.entrySet()) {
            List<Long> sequences = partition.getValue().values().stream().map(SteadyProducer::sequenceOf).toList();
            assertThat(sequences).as("records of partition %d in offset order", partition.getKey()).isSorted();
            assertThat(sequences).allSatisfy(sequence ->
                    assertThat(sequence % PARTITIONS).isEqualTo((long) partition.getKey()));
        }
    }

    @Test
    void shouldBringBackANodeStartedOnAnEmptyDataDirectoryWithEveryReplicaAlike() throws Exception {
        // given three nodes with the broker's own election timeouts, and a producer writing steadily
        SteadyProducer producer = startClusterAndProducer();
        List<String> events = new ArrayList<>();
        int lost = NODES;
        try {
            awaitMoreAcknowledgements(producer);

            // when a node loses its data directory, and starts again on an empty one while the others take writes
            nodes[lost].kill();
            deleteRecursively(dir.resolve("node-" + lost));
            events.add("killed node " + lost + " and deleted its data directory after "
                    + producer.acknowledgedCount() + " acknowledgements");
            awaitMoreAcknowledgements(producer);
            nodes[lost] = startNode(lost);
            events.add("node " + lost + " started on an empty data directory after " + producer.acknowledgedCount()
                    + " acknowledgements");

            // then it gets the metadata and every partition back and rejoins the in-sync replicas
            try (Admin admin = admin()) {
                awaitEveryReplicaInSync(admin);
            }
            events.add("node " + lost + " is back in sync after " + producer.acknowledgedCount()
                    + " acknowledgements");
            awaitMoreAcknowledgements(producer);
        } finally {
            producer.stop(Duration.ofSeconds(30));
        }
        assertEveryAcknowledgedRecordKept(producer, events);
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenEveryNodeIsKilledAtOnce() throws Exception {
        // given three nodes with the default fsync policy, and a producer writing steadily
        SteadyProducer producer = startClusterAndProducer();
        List<String> events = new ArrayList<>();
        try {
            awaitMoreAcknowledgements(producer);

            // when every node is killed with SIGKILL, none shutting down, and the three are started again
            for (int nodeId = 1; nodeId <= NODES; nodeId++) {
                nodes[nodeId].kill();
            }
            int acknowledgedBeforeKill = producer.acknowledgedCount();
            events.add("killed every node after " + acknowledgedBeforeKill + " acknowledgements");
            startEveryNode();
            events.add("every node started again after " + producer.acknowledgedCount() + " acknowledgements");

            // then the producer's records are taken again, its retries among them
            awaitMoreAcknowledgements(producer);
            try (Admin admin = admin()) {
                awaitEveryReplicaInSync(admin);
            }
            events.add("every replica in sync after " + producer.acknowledgedCount() + " acknowledgements");
        } finally {
            producer.stop(Duration.ofSeconds(30));
        }

        // and every record acknowledged before or after the kill is stored once, where it was acknowledged
        Map<Integer, TreeMap<Long, String>> stored = assertEveryAcknowledgedRecordKept(producer, events);
        List<String> everyValue = stored.values().stream().flatMap(partition -> partition.values().stream()).toList();
        assertThat(everyValue).doesNotHaveDuplicates();
    }

    /** Starts the three nodes, creates the topic on all of them and starts the producer writing to it. */
    private SteadyProducer startClusterAndProducer() throws Exception {
        startCluster();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) NODES))).all().get(30, TimeUnit.SECONDS);
            awaitEveryReplicaInSync(admin);
        }
        return SteadyProducer.start(bootstrapServers(), TOPIC, PARTITIONS, RECORDS_PER_SECOND);
    }

    /**
     * Waits until every replica holds the same bytes, reads the topic back, prints the run's figures, and checks that
     * no record failed and each acknowledged one is stored at the offset it was acknowledged with.
     *
     * @return what each partition stores, by offset
     */
    private Map<Integer, TreeMap<Long, String>> assertEveryAcknowledgedRecordKept(SteadyProducer producer,
                                                                               List<String> events) throws Exception {
        try (Admin admin = admin()) {
            awaitEveryReplicaAlike(admin);
        }
        List<SteadyProducer.Acknowledgement> acknowledgements = producer.acknowledgements();
        Map<Integer, TreeMap<Long, String>> stored = readEverything();
        report(events, producer, acknowledgements, stored);
        assertThat(producer.failures()).isEmpty();
        assertEveryAcknowledgedRecordStored(acknowledgements, stored);
        return stored;
    }

    /** Each acknowledged record is stored at the offset it was acknowledged with. */
    private static void assertEveryAcknowledgedRecordStored(List<SteadyProducer.Acknowledgement> acknowledgements,
                                                            Map<Integer, TreeMap<Long, String>> stored) {
        for (SteadyProducer.Acknowledgement acknowledgement : acknowledgements) {
            assertThat(stored.get(acknowledgement.partition()))
                    .as("record %d acknowledged at %s-%d@%d", acknowledgement.sequence(), TOPIC,
                            acknowledgement.partition(), acknowledgement.offset())
                    .containsEntry(acknowledgement.offset(), SteadyProducer.value(acknowledgement.sequence()));
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void startCluster() throws Exception {
        List<String> voters = new ArrayList<>();
        for (int nodeId = 1; nodeId <= NODES; nodeId++) {
            voters.add(nodeId + "@127.0.0.1:" + FixedPorts.free());
            kafkaPorts[nodeId] = FixedPorts.free();
        }
        quorumVoters = String.join(",", voters);
        startEveryNode();
    }

    /** Starts the three nodes, or starts them again on their data directories. */
    private void startEveryNode() throws Exception {
        // A node is ready only once a majority has joined: the three start together.
        List<CompletableFuture<BrokerProcess>> starts = IntStream.rangeClosed(1, NODES)
                .mapToObj(nodeId -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return startNode(nodeId);
                    } catch (Exception e) {
                        throw new IllegalStateException("Node " + nodeId + " did not start", e);
                    }
                })).toList();
        // Each start gives up by itself after READY_TIMEOUT; every node that did start is kept, to be killed after.
        IllegalStateException failed = null;
        for (int nodeId = 1; nodeId <= NODES; nodeId++) {
            try {
                nodes[nodeId] = starts.get(nodeId - 1).get();
            } catch (ExecutionException e) {
                failed = failed != null ? failed : new IllegalStateException("The cluster did not start", e.getCause());
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Starts a node, or starts it again on its data directory and its Kafka port. */
    private BrokerProcess startNode(int nodeId) throws IOException, InterruptedException {
        Path dataDir = dir.resolve("node-" + nodeId);
        Files.createDirectories(dataDir);
        return BrokerProcess.start(JVM_OPTIONS, kafkaPorts[nodeId], READY_TIMEOUT, "--node-id=" + nodeId,
                "--storage=rocksdb", "--data-dir=" + dataDir, "--quorum-voters=" + quorumVoters);
    }

    private void awaitMoreAcknowledgements(SteadyProducer producer) throws InterruptedException {
        int target = producer.acknowledgedCount() + ACKS_PER_PHASE;
        awaitUntil("the producer has " + target + " acknowledgements", () -> producer.acknowledgedCount() >= target);
    }

    /** Waits until every partition has a leader and all its replicas in sync. */
    private void awaitEveryReplicaInSync(Admin admin) throws InterruptedException {
        awaitUntil("every replica of " + TOPIC + " is in sync", () -> {
            try {
                for (TopicPartitionInfo partition : describe(admin).partitions()) {
                    if (partition.leader() == null || partition.isr().size() != NODES) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Waits until the three brokers' log directories give each partition's replica the same size, as replicas
     * holding the same batches do; fails naming the sizes when they do not come to agree.
     */
    private void awaitEveryReplicaAlike(Admin admin) throws InterruptedException {
        Map<TopicPartition, Map<Integer, Long>> sizes = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
        try {
            awaitUntil("every replica of " + TOPIC + " holds the same bytes", () -> {
                sizes.clear();
                try {
                    admin.describeLogDirs(IntStream.rangeClosed(1, NODES).boxed().toList()).allDescriptions()
                            .get(10, TimeUnit.SECONDS)
                            .forEach((broker, dirs) -> dirs.values().forEach(dir -> dir.replicaInfos().forEach(
                                    (partition, replica) -> sizes.computeIfAbsent(partition, ignored ->
                                            new TreeMap<>()).put(broker, replica.size()))));
                } catch (Exception e) {
                    return false;
                }
                return sizes.size() == PARTITIONS && sizes.values().stream().allMatch(replicas ->
                        replicas.size() == NODES && new HashSet<>(replicas.values()).size() == 1);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; bytes of each replica, by broker: " + sizes, e);
        }
    }

    /** Waits until no partition counts {@code node} among its in-sync replicas any more. */
    private void awaitOutOfSync(Admin admin, int node) throws InterruptedException {
        awaitUntil("node " + node + " has left the in-sync replicas", () -> {
            try {
                for (TopicPartitionInfo partition : describe(admin).partitions()) {
                    if (partition.isr().stream().anyMatch(replica -> replica.id() == node)) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up after " + WAIT.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A partition whose leader is not {@code node}, so that the second kill hits another node. */
    private static int partitionNotLedBy(Admin admin, int node) throws Exception {
        for (TopicPartitionInfo partition : describe(admin).partitions()) {
            if (partition.leader() != null && partition.leader().id() != node) {
                return partition.partition();
            }
        }
        throw new AssertionError("Every partition of " + TOPIC + " is led by node " + node + " or none");
    }

    private static int leaderOf(Admin admin, int partition) throws Exception {
        Node leader = describe(admin).partitions().get(partition).leader();
        assertThat(leader).as("leader of partition %d", partition).isNotNull();
        return leader.id();
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
    }

    /** Every record of the topic by partition and offset, read from the start; an offset read twice fails. */
    private Map<Integer, TreeMap<Long, String>> readEverything() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Integer, TreeMap<Long, String>> stored = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(partition -> new TopicPartition(TOPIC, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                assertThat(System.nanoTime()).as("reading everything back in time").isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String previous = stored.computeIfAbsent(record.partition(), partition -> new TreeMap<>())
                            .put(record.offset(), record.value());
                    assertThat(previous).as("offset %d of partition %d read twice", record.offset(),
                            record.partition()).isNull();
                }
            }
        }
        return stored;
    }

    private static void report(List<String> events, SteadyProducer producer,
                               List<SteadyProducer.Acknowledgement> acknowledgements,
                               Map<Integer, TreeMap<Long, String>> stored) {
        Map<Integer, Duration> perPartition = SteadyProducer.longestPausePerPartition(acknowledgements);
        String pauses = new TreeMap<>(perPartition).entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue().toMillis() + " ms")
                .collect(Collectors.joining(", "));
        Set<String> storedValues = new HashSet<>();
        stored.values().forEach(partition -> storedValues.addAll(partition.values()));
        StringBuilder report = new StringBuilder("ClusterFailoverIT figures\n");
        events.forEach(event -> report.append("  ").append(event).append('\n'));
        report.append("  records sent: ").append(producer.sentCount())
                .append(", acknowledged: ").append(acknowledgements.size())
                .append(", failed: ").append(producer.failures().size())
                .append(", stored: ").append(storedValues.size())
                .append(", sent again by the client: ").append((long) producer.retriedRecords()).append('\n');
        report.append("  longest pause between two acknowledgements: ")
                .append(SteadyProducer.longestPause(acknowledgements).toMillis()).append(" ms\n");
        report.append("  longest pause per partition: ").append(pauses).append('\n');
        System.out.print(report);
    }

    private String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int nodeId = 1; nodeId <= NODES; nodeId++) {
            servers.add("127.0.0.1:" + kafkaPorts[nodeId]);
        }
        return String.join(",", servers);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

}
