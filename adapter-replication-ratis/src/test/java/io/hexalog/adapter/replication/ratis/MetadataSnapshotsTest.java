package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.MetadataClusterNode.Storage;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionalId;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.stream.IntStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes whose metadata group snapshots every few entries, in small log segments, on RocksDB and in memory:
 * many offset commits let Ratis delete the metadata log's old segments, and a node that restarts gets its topics,
 * offsets, producer ID counter, transactions and broker registry back from the snapshot, applying only the
 * commands that followed it.
 */
class MetadataSnapshotsTest {

    private static final long WAIT_SECONDS = 60;
    private static final int SNAPSHOT_EVERY_ENTRIES = 32;
    private static final long SEGMENT_BYTES = 128 * 1024;
    private static final int COMMITS = 400;
    /** Offset metadata large enough that a few hundred commits fill several log segments. */
    private static final String METADATA = "m".repeat(1024);
    /** Offset metadata that takes a few hundred commits past the bytes kept for an absent node (AbsentMembers). */
    private static final String LARGE_METADATA = "m".repeat(8 * 1024);
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 4);
    private static final Topic GONE = Topic.create(TopicName.of("gone"), 1);
    private static final GroupId AUDIT = GroupId.of("audit");
    private static final long TRANSACTIONAL_PRODUCER = 4242;

    @TempDir
    Path dataDir;

    private final List<QuorumVoter> voters = List.of(voter(1), voter(2), voter(3));
    private final MetadataClusterNode[] nodes = new MetadataClusterNode[3];
    private Storage storage;
    /** How long the log is kept for a member that stopped, before the nodes say so; the default where null. */
    private Duration absentRetention;

    @AfterEach
    void stopNodes() {
        for (MetadataClusterNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void shouldPurgeTheMetadataLogBelowItsSnapshotsOnEveryNode(Storage storage) throws Exception {
        startThreeNodes(storage);

        commitOffsets(COMMITS);

        for (int index = 0; index < 3; index++) {
            int node = index;
            await(() -> firstIndexInLog(node) > 0);
            assertThat(latestSnapshotIndex(node)).as("snapshot of node %d", node + 1).isPresent();
            assertThat(firstIndexInLog(node)).as("first index in the metadata log of node %d", node + 1)
                    .isLessThanOrEqualTo(latestSnapshotIndex(node).getAsLong() + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void shouldRestartANodeWithAllItsMetadataFromTheSnapshotAndApplyOnlyTheTail(Storage storage) throws Exception {
        startThreeNodes(storage);
        long firstBlock = nodes[0].raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        submit(new CreateTopic(ORDERS));
        submit(new CreateTopic(GONE));
        submit(new DeleteTopic(GONE.id()));
        submit(new PutTransaction(ongoingTransaction(), (int) nodes[0].raft().metadataInfo().getCurrentTerm()));
        submit(new CommitTxnOffsets(AUDIT, TRANSACTIONAL_PRODUCER,
                Map.of(new TopicPartition(ORDERS.name(), 1), new CommittedOffset(77, OptionalInt.empty(), "", 5))));
        commitOffsets(COMMITS);
        int restarted = 1;
        await(() -> latestSnapshotIndex(restarted).isPresent() && firstIndexInLog(restarted) > 0
                && nodes[restarted].commitsApplied() == COMMITS);
        awaitRecentSnapshot(restarted);

        nodes[restarted].close();
        nodes[restarted] = null;
        commitOffsets(5);
        start(restarted);

        long leaderApplied = nodes[0].raft().metadataInfo().getLastAppliedIndex();
        await(() -> nodes[restarted].raft().metadataInfo().getLastAppliedIndex() >= leaderApplied);
        MetadataClusterNode node = nodes[restarted];
        assertThat(node.metadataCommands()).as("the metadata of the restarted node")
                .containsExactlyElementsOf(nodes[0].metadataCommands());
        assertThat(node.stores().topicCatalog().find(ORDERS.name())).contains(ORDERS);
        assertThat(node.stores().topicCatalog().find(GONE.id())).isEmpty();
        assertThat(node.stores().committedOffsetStore().groups()).hasSize(20);
        assertThat(node.stores().committedOffsetStore().offsets(GroupId.of("group-3")))
                .isEqualTo(nodes[0].stores().committedOffsetStore().offsets(GroupId.of("group-3"))).isNotEmpty();
        assertThat(node.stores().transactionStateStore().transactions()).containsExactly(ongoingTransaction());
        assertThat(node.stores().transactionStateStore().pendingOffsets(AUDIT)).containsOnlyKeys(
                TRANSACTIONAL_PRODUCER);
        assertThat(node.stores().producerIdBlockStore().nextBlockStart()).isEqualTo(firstBlock + 1000);
        assertThat(node.raft().membership().isRegistered(1)).as("broker 1 registered").isTrue();
        assertThat(node.raft().membership().isRegistered(3)).as("broker 3 registered").isTrue();
        assertThat(node.commitsApplied()).as("offset commits applied after the restart")
                .isLessThan(COMMITS / 2);

        long claimed = node.raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(claimed).as("a block never handed out").isEqualTo(firstBlock + 1000);
        await(() -> node.stores().producerIdBlockStore().nextBlockStart() == firstBlock + 2000);
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void shouldCopyTheLeadersSnapshotToANodeWhoseDataDirectoryWasLost(Storage storage) throws Exception {
        startThreeNodes(storage);
        long firstBlock = nodes[0].raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        submit(new CreateTopic(ORDERS));
        long beforeCommits = IntStream.range(0, 3)
                .mapToLong(index -> nodes[index].raft().metadataInfo().getLastAppliedIndex()).max().orElseThrow();
        commitOffsets(COMMITS);
        int lost = nodes[1].raft().metadataInfo().isLeader() ? 2 : 1;
        int leader = IntStream.range(0, 3).filter(index -> nodes[index].raft().metadataInfo().isLeader())
                .findFirst().orElseThrow();
        await(() -> nodes[lost].commitsApplied() == COMMITS);
        // Either survivor may lead once the node is back: neither log may still hold most of the commits.
        int[] survivors = IntStream.range(0, 3).filter(index -> index != lost).toArray();
        for (int survivor : survivors) {
            awaitRecentSnapshot(survivor);
            await(() -> firstIndexInLog(survivor) > beforeCommits + COMMITS / 2);
        }
        long firstHeld = IntStream.of(survivors).mapToLong(this::firstIndexInLog).min().orElseThrow();

        nodes[lost].close();
        nodes[lost] = null;
        Directories.deleteRecursively(dataDir.resolve("node-" + voters.get(lost).nodeId()));
        commitOffsets(5);
        start(lost);

        long leaderApplied = nodes[leader].raft().metadataInfo().getLastAppliedIndex();
        await(() -> nodes[lost].raft().metadataInfo().getLastAppliedIndex() >= leaderApplied);
        MetadataClusterNode node = nodes[lost];
        assertThat(node.metadataCommands()).as("the metadata of the node that lost its data directory")
                .containsExactlyElementsOf(nodes[leader].metadataCommands());
        assertThat(node.stores().topicCatalog().find(ORDERS.name())).contains(ORDERS);
        assertThat(node.stores().committedOffsetStore().groups()).hasSize(20);
        assertThat(node.stores().producerIdBlockStore().nextBlockStart()).isEqualTo(firstBlock + 1000);
        assertThat(node.raft().membership().isRegistered(voters.get(leader).nodeId())).isTrue();
        assertThat(latestSnapshotIndex(lost)).as("the copied snapshot, kept as the node's own").isPresent();
        assertThat((long) node.commitsApplied()).as("offset commits applied from the log rather than the snapshot")
                .isLessThanOrEqualTo(leaderApplied - firstHeld + 1);

        long claimed = nodes[leader].raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(claimed).isEqualTo(firstBlock + 1000);
        await(() -> node.stores().producerIdBlockStore().nextBlockStart() == firstBlock + 2000);
    }

    @Test
    void shouldSayWhileTheMetadataLogIsKeptWholeForANodeThatIsDownAndWhenItSnapshotsAgain() throws Exception {
        absentRetention = Duration.ofSeconds(2);
        startThreeNodes(Storage.MEMORY);
        Logger logger = (Logger) LoggerFactory.getLogger(CommandStateMachine.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            int down = 2;
            nodes[down].close();
            nodes[down] = null;
            commitOffsets(2 * SNAPSHOT_EVERY_ENTRIES);

            await(() -> logged(log, "The metadata group has taken no snapshot for").findAny().isPresent());
            assertThat(logged(log, "The metadata group has taken no snapshot for")).allMatch(line ->
                    line.contains(": node 3 has not committed index")
                            && line.contains("a node that restarts meanwhile applies all of them"));
            assertThat(logged(log, "The metadata group took a snapshot again")).isEmpty();

            start(down);
            await(() -> logged(log, "The metadata group took a snapshot again").findAny().isPresent());
        } finally {
            logger.detachAppender(log);
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void shouldHaveANodeAwayForLongDropItsMetadataLogAndCopyTheLeadersSnapshotWhenItStartsAgain(Storage storage)
            throws Exception {
        absentRetention = Duration.ofSeconds(2);
        startThreeNodes(storage);
        long firstBlock = nodes[0].raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        submit(new CreateTopic(ORDERS));
        commitOffsets(COMMITS);
        int leader = leader();
        int away = leader == 2 ? 1 : 2;
        long awayEnd = stopUntilPurgedPast(away, leader);

        Logger logger = (Logger) LoggerFactory.getLogger(StaleMetadataLog.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            start(away);
        } finally {
            logger.detachAppender(log);
        }

        int current = leader();
        long leaderApplied = nodes[current].raft().metadataInfo().getLastAppliedIndex();
        await(() -> nodes[away].raft().metadataInfo().getLastAppliedIndex() >= leaderApplied);
        MetadataClusterNode node = nodes[away];
        assertThat(node.metadataCommands()).as("the metadata of the node back after a long absence")
                .containsExactlyElementsOf(nodes[current].metadataCommands());
        assertThat(node.stores().topicCatalog().find(ORDERS.name())).contains(ORDERS);
        assertThat(node.stores().committedOffsetStore().groups()).hasSize(20);
        assertThat(node.stores().producerIdBlockStore().nextBlockStart()).isEqualTo(firstBlock + 1000);
        assertThat(latestSnapshotIndex(away).orElse(-1)).as("the copied snapshot, kept as the node's own")
                .isGreaterThan(awayEnd);
        assertThat(segmentStarts(away)).as("where the segments of the node's metadata log start: none of its old ones")
                .allMatch(start -> start > awayEnd);
        assertThat(logged(log, "This node's metadata log ends at index " + awayEnd + " and node "))
                .as("the node says why it drops its metadata log").hasSize(1);

        long claimed = nodes[current].raft().submit(new ClaimProducerIds(1000)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(claimed).isEqualTo(firstBlock + 1000);
        await(() -> node.stores().producerIdBlockStore().nextBlockStart() == firstBlock + 2000);
    }

    @Test
    void shouldSayANodeStartedBeforeTheOthersThatPurgedPastItIsCutOffUntilItRestartsWhileTheyRun() throws Exception {
        absentRetention = Duration.ofSeconds(2);
        startThreeNodes(Storage.ROCKSDB);
        submit(new CreateTopic(ORDERS));
        commitOffsets(COMMITS);
        int leader = leader();
        int away = leader == 2 ? 1 : 2;
        stopUntilPurgedPast(away, leader);
        int[] others = IntStream.range(0, 3).filter(index -> index != away).toArray();
        for (int other : others) {
            nodes[other].close();
            nodes[other] = null;
        }

        // the whole cluster starts again, the node that was away first: no other node tells it where its log starts
        Logger logger = (Logger) LoggerFactory.getLogger(StaleMetadataLog.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        CompletableFuture<Void> awayStarted;
        try {
            awayStarted = CompletableFuture.runAsync(() -> start(away));
            await(() -> logged(log, "This node's metadata log was last written").findAny().isPresent());
        } finally {
            logger.detachAppender(log);
        }
        Logger nodeLogger = (Logger) LoggerFactory.getLogger(RatisNode.class);
        ListAppender<ILoggingEvent> nodeLog = new ListAppender<>();
        nodeLog.start();
        nodeLogger.addAppender(nodeLog);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int other : others) {
                starts.add(CompletableFuture.runAsync(() -> start(other)));
            }
            starts.forEach(start -> start.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
            awayStarted.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        } finally {
            nodeLogger.detachAppender(nodeLog);
        }

        assertThat(nodes[away].raft().metadataCutOff()).isTrue();
        assertThat(nodes[away].raft().whenMetadataCutOff()).as("what a broker process restarts the node on").isDone();
        // its start stopped waiting for the metadata log as soon as it was refused, not at the request timeout
        assertThat(logged(nodeLog, "Broker " + voters.get(away).nodeId() + " applied the metadata log only up to"))
                .singleElement().asString().contains("cannot go further");

        nodes[away].close();
        nodes[away] = null;
        assertThat(metadataDirectory(away).resolve(StaleMetadataLog.CUT_OFF_MARK)).exists();
        // as recent as Ratis leaves the open segment it trims when it opens a log: the mark has the node ask anyway
        try (Stream<Path> files = Files.walk(metadataDirectory(away))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            }
        }
        start(away);
        int current = leader();
        long leaderApplied = nodes[current].raft().metadataInfo().getLastAppliedIndex();
        await(() -> nodes[away].raft().metadataInfo().getLastAppliedIndex() >= leaderApplied);
        assertThat(nodes[away].raft().metadataCutOff()).isFalse();
        assertThat(nodes[away].raft().whenMetadataCutOff()).isNotDone();
        assertThat(nodes[away].metadataCommands()).as("the metadata of the node restarted while the others run")
                .containsExactlyElementsOf(nodes[current].metadataCommands());
    }

    /** The index of the node that leads the metadata group, once one does. */
    private int leader() throws InterruptedException {
        await(() -> IntStream.range(0, 3).anyMatch(index -> nodes[index] != null
                && nodes[index].raft().metadataInfo().isLeader()));
        return IntStream.range(0, 3).filter(index -> nodes[index] != null
                && nodes[index].raft().metadataInfo().isLeader()).findFirst().orElseThrow();
    }

    /**
     * Stops node {@code away} and commits offsets until every other node's metadata log starts past the entry
     * after its last: past the time and the bytes after which the others no longer keep their log for it
     * ({@link AbsentMembers}). The node has a snapshot of its own, so it starts again having applied metadata: a
     * node that applied none copies the leader's snapshot anyway.
     *
     * @return the last index of the stopped node's metadata log
     */
    private long stopUntilPurgedPast(int away, int leader) throws Exception {
        long before = nodes[leader].raft().metadataInfo().getLastAppliedIndex();
        await(() -> nodes[away].raft().metadataInfo().getLastAppliedIndex() >= before);
        awaitRecentSnapshot(away);
        nodes[away].close();
        nodes[away] = null;
        long awayEnd = StaleMetadataLog.logEnd(metadataDirectory(away), SizeInBytes.valueOf(SEGMENT_BYTES));
        assertThat(awayEnd).as("the end of the stopped node's metadata log").isGreaterThanOrEqualTo(before);
        int[] survivors = IntStream.range(0, 3).filter(index -> index != away).toArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (IntStream.of(survivors).anyMatch(survivor -> firstIndexInLog(survivor) <= awayEnd + 1)) {
            assertThat(System.nanoTime()).as("the others purged their metadata logs past node %d",
                    voters.get(away).nodeId()).isLessThan(deadline);
            commitOffsets(100, LARGE_METADATA);
        }
        return awayEnd;
    }

    private static Stream<String> logged(ListAppender<ILoggingEvent> log, String start) {
        synchronized (log.list) {
            return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith(start));
        }
    }

    private void startThreeNodes(Storage storage) {
        this.storage = storage;
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            int node = index;
            starts.add(CompletableFuture.runAsync(() -> start(node)));
        }
        starts.forEach(start -> start.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
    }

    private void start(int index) {
        QuorumVoter self = voters.get(index);
        Path dir = dataDir.resolve("node-" + self.nodeId());
        ClusterSettings.Snapshots kept = new ClusterSettings.Snapshots(storage == Storage.ROCKSDB,
                SNAPSHOT_EVERY_ENTRIES, 1L << 30, SEGMENT_BYTES);
        ClusterSettings.Snapshots snapshots = absentRetention == null ? kept
                : kept.withAbsentMemberLogRetention(absentRetention);
        ClusterSettings settings = new ClusterSettings(self.nodeId(), voters, dir.resolve("raft"), 32 * 1024,
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofSeconds(20),
                () -> RocksDbClusterNode.broker(self.nodeId()), snapshots);
        nodes[index] = MetadataClusterNode.start(storage, settings, dir);
    }

    /**
     * Waits until the node's latest snapshot is within one snapshot's worth of entries of what it has applied: a
     * snapshot waits until every member holds what it covers ({@link SnapshotPlacement}), which a burst of commands
     * puts off until a second after it.
     */
    private void awaitRecentSnapshot(int index) throws InterruptedException {
        long applied = nodes[index].raft().metadataInfo().getLastAppliedIndex();
        await(() -> latestSnapshotIndex(index).orElse(-1) >= applied - SNAPSHOT_EVERY_ENTRIES);
    }

    private void submit(ReplicatedCommand<?> command) throws Exception {
        nodes[0].raft().submit(command).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Commits {@code count} offsets of 20 groups, with large metadata, a few at a time. */
    private void commitOffsets(int count) throws Exception {
        commitOffsets(count, METADATA);
    }

    private void commitOffsets(int count, String metadata) throws Exception {
        for (int sent = 0; sent < count; sent += 20) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + 20); i++) {
                TopicPartition partition = new TopicPartition(ORDERS.name(), i % 4);
                inFlight.add(nodes[0].raft().submit(new CommitOffsets(GroupId.of("group-" + i % 20),
                        Map.of(partition, new CommittedOffset(i, OptionalInt.of(1), metadata, 1_000 + i)))));
            }
            for (CompletableFuture<?> commit : inFlight) {
                commit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    private static TransactionMetadata ongoingTransaction() {
        ProducerIdentity producer = new ProducerIdentity(TRANSACTIONAL_PRODUCER, (short) 0);
        return new TransactionMetadata(TransactionalId.of("transfers"), TRANSACTIONAL_PRODUCER, -1, -1, (short) 0,
                (short) -1, 60_000, TransactionState.EMPTY, Set.of(), Set.of(), -1, 1_000)
                .addGroup(producer, AUDIT, 2_000);
    }

    /** Where the metadata group keeps its Raft state on a node: {@code raft/<group ID>}. */
    private Path metadataDirectory(int index) {
        String group = new GroupLayout(voters).metadata().getGroupId().getUuid().toString();
        return dataDir.resolve("node-" + voters.get(index).nodeId()).resolve("raft").resolve(group);
    }

    /** Where each segment of the metadata log starts on a node. */
    private List<Long> segmentStarts(int index) throws IOException {
        try (Stream<Path> files = Files.list(metadataDirectory(index).resolve("current"))) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(segment -> Long.parseLong(segment.group(1)))
                    .toList();
        }
    }

    /** The first index the metadata log's segments hold on a node: 0 until the first segment is purged. */
    private long firstIndexInLog(int index) {
        try (Stream<Path> files = Files.list(metadataDirectory(index).resolve("current"))) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(segment -> Long.parseLong(segment.group(1)))
                    .min().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OptionalLong latestSnapshotIndex(int index) {
        Path snapshots = metadataDirectory(index).resolve("sm");
        if (!Files.isDirectory(snapshots)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.map(file -> SNAPSHOT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(snapshot -> Long.parseLong(snapshot.group(2)))
                    .max();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + WAIT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    private static QuorumVoter voter(int nodeId) {
        return new QuorumVoter(nodeId, "127.0.0.1", FixedPorts.free());
    }
}
