package io.hexalog.adapter.replication.ratis;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on RocksDB, whose shard groups snapshot every few entries or kilobytes, in small log segments: the snapshots let
 * Ratis delete the segments below them, and a node that restarts keeps its partition logs and applies only the
 * tail of its Raft log, ending with exactly the batches the others hold.
 */
class ShardSnapshotsTest {

    private static final long WAIT_SECONDS = 60;
    private static final int SNAPSHOT_EVERY_ENTRIES = 16;
    private static final long SEGMENT_BYTES = 128 * 1024;
    private static final int BATCH_VALUE_BYTES = 4 * 1024;
    /** A Raft log segment, closed ({@code log_<first>-<last>}) or open ({@code log_inprogress_<first>}). */
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 1, 3);
    private static final TopicIdPartition PARTITION = ORDERS.partition(0);
    private static final long IDEMPOTENT_PRODUCER = 4242;

    @TempDir
    Path dataDir;

    private final List<QuorumVoter> voters = List.of(voter(1), voter(2), voter(3));
    private final RocksDbClusterNode[] nodes = new RocksDbClusterNode[3];

    /** Snapshots every few entries; Ratis counts them. */
    private static final ClusterSettings.Snapshots BY_ENTRIES =
            new ClusterSettings.Snapshots(true, SNAPSHOT_EVERY_ENTRIES, 1L << 30, SEGMENT_BYTES);
    /** Snapshots every few batches' worth of bytes; the state machine counts them. */
    private static final ClusterSettings.Snapshots BY_BYTES =
            new ClusterSettings.Snapshots(true, 1_000_000, 16L * BATCH_VALUE_BYTES, SEGMENT_BYTES);

    /** Snapshots too rarely to take one in a test: the log is kept whole. */
    private static final ClusterSettings.Snapshots NONE_TAKEN =
            new ClusterSettings.Snapshots(true, 1_000_000, 1L << 40, SEGMENT_BYTES);

    private ClusterSettings.Snapshots snapshots;
    /** Each node's own snapshots where they differ from everyone's. */
    private final ClusterSettings.Snapshots[] nodeSnapshots = new ClusterSettings.Snapshots[3];

    private void startThreeNodes(ClusterSettings.Snapshots snapshots) {
        this.snapshots = snapshots;
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            int node = index;
            starts.add(CompletableFuture.runAsync(() -> start(node)));
        }
        starts.forEach(start -> start.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
    }

    @AfterEach
    void stopNodes() {
        for (RocksDbClusterNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void shouldPurgeTheShardsRaftLogSegmentsBelowTheSnapshotsItTakesEveryFewMegabytesOnEveryNode() throws Exception {
        startThreeNodes(BY_BYTES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        appendBatches(120);

        for (int index = 0; index < 3; index++) {
            int node = index;
            await(() -> firstIndexInLog(node) > 0);
            assertThat(latestSnapshotIndex(node)).as("snapshot of node %d", node + 1).isPresent();
            assertThat(firstIndexInLog(node)).as("first index in the log of node %d", node + 1)
                    .isLessThanOrEqualTo(latestSnapshotIndex(node).getAsLong() + 1);
            // the store (fsync never) was forced before the snapshot let Ratis forget the appends
            assertThat(nodes[node].timesAppliedMadeDurable()).as("stores forced on node %d", node + 1).isPositive();
            // and only the latest two snapshots are kept, as Ratis' retention says: it removes older ones just after
            // it took a new one. The listing checked is the one awaited: the node may take its next snapshot between
            // two listings, and then holds three files until it removes the oldest.
            AtomicReference<List<Path>> kept = new AtomicReference<>();
            await(() -> {
                kept.set(snapshotFiles(node));
                return kept.get().size() <= 2;
            });
            assertThat(kept.get()).as("snapshot files of node %d", node + 1).hasSizeBetween(1, 2);
        }
    }

    @Test
    void shouldRestartANodeFromItsSnapshotWithExactlyTheBatchesOfTheOthersAndApplyOnlyTheTail() throws Exception {
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(100);
        int restarted = (leader + 1) % 3;
        await(() -> nodes[restarted].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && latestSnapshotIndex(restarted).isPresent());

        nodes[restarted].close();
        nodes[restarted] = null;
        appendBatches(20);
        start(restarted);

        // every follower: one learns that the last entries are committed from the leader's next message
        await(() -> nodes[restarted].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && nodes[3 - leader - restarted].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        assertEveryNodeHoldsTheBatchesOf(leader, 120);
        assertThat(nodes[restarted].appendsApplied()).as("appends applied after the restart")
                .isGreaterThanOrEqualTo(20).isLessThan(20 + 2 * SNAPSHOT_EVERY_ENTRIES + 10);
    }

    @Test
    void shouldCatchUpALeaderThatWasDownWhileTheNewLeaderSnapshottedAndPurgedUpToWhereItStopped() throws Exception {
        // given a quiet shard: its leader has committed everything it holds, and its last term ends a log segment
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int stopped = appendBatches(8);
        awaitEveryNodeAtTheEndOf(stopped);
        Thread.sleep(1_000);

        // when it stops, and its successor snapshots and purges the log up to the entry it stopped at
        nodes[stopped].close();
        nodes[stopped] = null;
        int leader = appendBatches(4 * SNAPSHOT_EVERY_ENTRIES);
        await(() -> firstIndexInLog(leader) > 0);
        start(stopped);

        // then it follows the new leaders of the shard and of the metadata from where it stopped
        await(() -> nodes[stopped].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        await(() -> nodes[stopped].raft().caughtUp());
        assertThat(hex(nodes[stopped].batches(PARTITION))).containsExactlyElementsOf(hex(nodes[leader].batches(PARTITION)));
    }

    @Test
    void shouldFindAReplicaThatRefusedAnAppendItsLeaderStoredAndGiveUpLeadingItsShard() throws Exception {
        // given three replicas that took the same appends: none differs from the leader's
        startThreeNodes(BY_BYTES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(4);
        int diverging = (leader + 1) % 3;
        int other = 3 - leader - diverging;
        awaitEveryNodeAtTheEndOf(leader);
        for (int check = 0; check < 2; check++) {
            nodes[diverging].raft().checkReplicas();
            nodes[other].raft().checkReplicas();
        }
        assertThat(nodes[diverging].raft().hasDivergedReplicas()).isFalse();

        // when one follower refuses an append the other two store, as no store failure would have it refuse
        nodes[diverging].refuseAppends(true);
        appendBatches(1);
        await(() -> nodes[other].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        await(() -> nodes[diverging].appendsApplied() == nodes[other].appendsApplied());
        nodes[diverging].refuseAppends(false);

        // then its checks find its replica behind the leader's, and it gives up leading the shard; the other's pass
        await(() -> {
            nodes[diverging].raft().checkReplicas();
            return nodes[diverging].raft().hasDivergedReplicas();
        });
        for (int check = 0; check < 2; check++) {
            nodes[other].raft().checkReplicas();
        }
        assertThat(nodes[other].raft().hasDivergedReplicas()).isFalse();
        int shard = nodes[leader].raft().shardOf(PARTITION);
        await(() -> nodes[diverging].raft().priorityIn(shard) == 0);
    }

    @Test
    void shouldCopyThePartitionsFromTheShardsLeaderToANodeWhoseDataDirectoryWasLost() throws Exception {
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(100);
        appendIdempotent(leader, 0, 30);
        int lost = (leader + 1) % 3;
        await(() -> firstIndexInLog(leader) > 1
                && nodes[lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));

        nodes[lost].close();
        nodes[lost] = null;
        Directories.deleteRecursively(dataDir.resolve("node-" + voters.get(lost).nodeId()));
        appendBatches(20);
        start(lost);

        await(() -> nodes[lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        appendBatches(10);
        // every follower: one learns that the last entries are committed from the leader's next message
        await(() -> nodes[lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && nodes[3 - leader - lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        assertEveryNodeHoldsTheBatchesOf(leader, 140);
        // the idempotent producer's last five batches, as the leader keeps them, for its retries
        assertThat(nodes[lost].producerStates(PARTITION)).singleElement()
                .satisfies(state -> assertThat(state.batches()).hasSize(5))
                .isEqualTo(nodes[leader].producerStates(PARTITION).get(0));
        assertThat(nodes[lost].appendsApplied()).as("appends applied one by one on the node that lost its data")
                .isLessThan(60);
        assertThat(latestSnapshotIndex(lost)).as("the snapshot written after the copy").isPresent();
    }

    @Test
    void shouldPurgePastANodeThatStaysAwayAndHaveItCopyOnlyWhatItsPartitionsLackOnceBack() throws Exception {
        // given three nodes that keep a shard's log for an absent member for a second only
        startThreeNodes(BY_ENTRIES.withAbsentMemberLogRetention(Duration.ofSeconds(1)));
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(40);
        appendIdempotent(leader, 0, 15);
        int away = (leader + 1) % 3;
        int other = 3 - leader - away;
        awaitEveryNodeAtTheEndOf(leader);
        long heldWhenStopped = nodes[away].logEndOffset(PARTITION);

        // when it stops, and the others take far more than a log segment's worth for longer than that second
        int appended = stopAndAppendUntilPurgedPast(away, leader, other);
        appendIdempotent(leader, 15, 30);

        // then, once back, it copies the batches its partition lacks and follows the log after the copy
        start(away);
        await(() -> nodes[away].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        appendBatches(8);
        await(() -> nodes[away].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && nodes[other].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        assertEveryNodeHoldsTheBatchesOf(leader, 40 + 5 + appended + 5 + 8);
        assertThat(nodes[away].producerStates(PARTITION)).isEqualTo(nodes[leader].producerStates(PARTITION));
        assertThat(nodes[away].appendsApplied()).as("appends applied one by one after the restart")
                .isLessThan(appended / 2);
        assertThat(nodes[away].batches(PARTITION).get(0).baseOffset()).as("what it held kept").isZero();
        assertThat(heldWhenStopped).isPositive();
    }

    /**
     * Stops node {@code away} and appends batches until every node of {@code purging} purged its shard log past where
     * it stopped; returns how many were appended.
     */
    private int stopAndAppendUntilPurgedPast(int away, int... purging) throws Exception {
        long stoppedAt = nodes[away].raft().shardInfo(nodes[away].raft().shardOf(PARTITION)).getLastAppliedIndex();
        nodes[away].close();
        nodes[away] = null;
        int appended = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (IntStream.of(purging).anyMatch(node -> firstIndexInLog(node) <= stoppedAt + 1)) {
            assertThat(System.nanoTime()).as("logs purged past the absent node").isLessThan(deadline);
            appendBatches(40);
            appended += 40;
        }
        return appended;
    }

    /**
     * Checks that the leader holds {@code count} batches from offset 0 on, without a gap, and every node byte for byte
     * the same.
     */
    private void assertEveryNodeHoldsTheBatchesOf(int leader, int count) throws Exception {
        List<RecordBatch> expected = nodes[leader].batches(PARTITION);
        assertThat(expected).hasSize(count);
        assertThat(contiguousFromZero(expected)).isTrue();
        for (int index = 0; index < 3; index++) {
            assertThat(hex(nodes[index].batches(PARTITION))).as("batches of node %d", index + 1)
                    .containsExactlyElementsOf(hex(expected));
        }
    }

    /** Appends the idempotent producer's batches of three records from {@code fromSequence} up to {@code toSequence}. */
    private void appendIdempotent(int leader, int fromSequence, int toSequence) throws Exception {
        for (int sequence = fromSequence; sequence < toSequence; sequence += 3) {
            RecordBatch idempotent = aBatch().withProducer(IDEMPOTENT_PRODUCER, (short) 0, sequence).withRecords(3)
                    .build();
            nodes[leader].raft().submit(new AppendBatches(PARTITION, List.of(idempotent)))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldTakeUpACopyCutShortByAStopAtTheNextStart() throws Exception {
        // given a node that lost its data directory while the shard's leader purged its log
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(160);
        int lost = (leader + 1) % 3;
        await(() -> firstIndexInLog(leader) > 1
                && nodes[lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        nodes[lost].close();
        nodes[lost] = null;
        Directories.deleteRecursively(dataDir.resolve("node-" + voters.get(lost).nodeId()));

        // when it is stopped in the middle of copying the partition, 100 kB a second
        start(lost, 100_000);
        await(() -> nodes[lost].logEndOffset(PARTITION) > 0);
        nodes[lost].close();
        nodes[lost] = null;
        long copiedBeforeTheStop = nodesLogEndOffsetOnDisk(lost);
        assertThat(copiedBeforeTheStop).as("offsets copied before the stop")
                .isPositive().isLessThan(nodes[leader].logEndOffset(PARTITION));

        // then, started again, it copies the rest and ends with the others' batches
        start(lost);
        appendBatches(8);
        int other = 3 - leader - lost;
        await(() -> nodes[lost].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && nodes[other].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        assertEveryNodeHoldsTheBatchesOf(leader, 168);
        assertThat(latestSnapshotIndex(lost)).as("the snapshot written after the copy").isPresent();
    }

    @Test
    void shouldFinishACopyCutShortByAStopBeforeFollowingALeaderThatKeptTheWholeLog() throws Exception {
        // given a member copying what it lacks from a shard leader that purged its log past it
        CopyingMember copying = memberCopyingFromAPurgingLeaderWhileAnotherKeepsTheWholeLog();

        // when it stops in the middle of the copy, and starts again with that leader down: the member that kept
        // the whole log leads, and sends it the entries after those it holds instead of a notice to copy
        nodes[copying.away()].close();
        nodes[copying.away()] = null;
        assertThat(nodesLogEndOffsetOnDisk(copying.away())).as("offsets held after the copy was cut short")
                .isGreaterThan(copying.heldWhenStopped())
                .isLessThan(nodes[copying.leader()].logEndOffset(PARTITION));
        nodes[copying.leader()].close();
        nodes[copying.leader()] = null;
        start(copying.away());

        // then it finishes the copy before it applies any of them, and holds exactly the others' batches
        assertEveryNodeHoldsTheBatchesOnceThatLeaderIsBack(copying);
    }

    @Test
    void shouldFinishACopyWhoseLeaderStoppedBeforeFollowingTheNextLeaderThatKeptTheWholeLog() throws Exception {
        // given a member copying what it lacks from a shard leader that purged its log past it
        CopyingMember copying = memberCopyingFromAPurgingLeaderWhileAnotherKeepsTheWholeLog();

        // when that leader stops in the middle of the copy: the member that kept the whole log leads, and sends the
        // copying member the entries after those it holds instead of a notice to copy
        Logger logger = (Logger) LoggerFactory.getLogger(ShardCopies.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            nodes[copying.leader()].close();
            nodes[copying.leader()] = null;

            // then the member gives the copy up as soon as it hears of the new leader, rather than ask the stopped
            // one until the request timeout: until it gives up, Ratis refuses the new leader's entries on it, and the
            // new leader, one of the two members up, cannot commit
            await(() -> messages(log).anyMatch(line -> line.contains("leader changed during this node's copy from "
                    + GroupLayout.peerId(voters.get(copying.leader()).nodeId()))));
        } finally {
            logger.detachAppender(log);
        }
        // it finishes the copy before it applies any of the new leader's entries, and holds exactly the others' batches
        assertEveryNodeHoldsTheBatchesOnceThatLeaderIsBack(copying);
    }

    private static Stream<String> messages(ListAppender<ILoggingEvent> log) {
        synchronized (log.list) {
            return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage);
        }
    }

    /**
     * @param leader          the shard's leader, which purged its log past the away member
     * @param keeper          the member that keeps the shard's log whole
     * @param away            the member that came back and is copying from the leader
     * @param heldWhenStopped where the away member's partition ended when it went away
     * @param appended        how many batches the partition holds
     */
    private record CopyingMember(int leader, int keeper, int away, long heldWhenStopped, int appended) {
    }

    /**
     * Three nodes, of which one keeps the shard's log whole: the leader purges its log past a member away for a
     * second, which, back, copies what its partition lacks from the leader, 400 kB a second; returned in the middle.
     */
    private CopyingMember memberCopyingFromAPurgingLeaderWhileAnotherKeepsTheWholeLog() throws Exception {
        startThreeNodes(BY_ENTRIES.withAbsentMemberLogRetention(Duration.ofSeconds(1)));
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = awaitShardLeader();
        int keeper = (leader + 1) % 3;
        int away = 3 - leader - keeper;
        nodes[keeper].close();
        nodeSnapshots[keeper] = NONE_TAKEN;
        start(keeper);
        assertThat(appendBatches(40)).as("the shard's leader").isEqualTo(leader);
        awaitEveryNodeAtTheEndOf(leader);
        long heldWhenStopped = nodes[away].logEndOffset(PARTITION);
        int appended = 40 + stopAndAppendUntilPurgedPast(away, leader);
        assertThat(firstIndexInLog(keeper)).as("first index in the keeper's log").isZero();
        start(away, 400_000);
        await(() -> nodes[away].logEndOffset(PARTITION) > heldWhenStopped);
        return new CopyingMember(leader, keeper, away, heldWhenStopped, appended);
    }

    /** Appends through the keeper, starts the stopped leader again and checks every node's batches. */
    private void assertEveryNodeHoldsTheBatchesOnceThatLeaderIsBack(CopyingMember copying) throws Exception {
        assertThat(appendBatches(8)).as("the shard's new leader").isEqualTo(copying.keeper());
        await(() -> nodes[copying.away()].logEndOffset(PARTITION)
                >= nodes[copying.keeper()].logEndOffset(PARTITION));
        start(copying.leader());
        appendBatches(4);
        awaitEveryNodeAtTheEndOf(copying.keeper());
        assertEveryNodeHoldsTheBatchesOf(copying.keeper(), copying.appended() + 8 + 4);
    }

    /** The log end offset a stopped node's store holds of the partition. */
    private long nodesLogEndOffsetOnDisk(int index) {
        Path dir = dataDir.resolve("node-" + voters.get(index).nodeId());
        try (RocksDbStorage storage = RocksDbStorage.openRebuildingMetadata(dir.resolve("state"), FsyncPolicy.NEVER)) {
            return storage.partitionLogStore().open(PARTITION).logEndOffset();
        }
    }

    @Test
    void shouldGiveANodeWhoseStoreFailedForAWhileExactlyTheBatchesOfTheOthersOnceItTakesWritesAgain() throws Exception {
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(20);
        int failing = (leader + 1) % 3;
        await(() -> nodes[failing].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        long storedBefore = nodes[failing].logEndOffset(PARTITION);
        OptionalLong snapshotBefore = latestSnapshotIndex(failing);

        nodes[failing].failStoreWrites(true);
        appendBatches(40);
        // the two others committed them; the failing node holds the first and applies nothing after it
        assertThat(nodes[failing].logEndOffset(PARTITION)).isEqualTo(storedBefore);
        assertThat(latestSnapshotIndex(failing)).as("no snapshot past what the store lacks").isEqualTo(snapshotBefore);
        nodes[failing].failStoreWrites(false);
        appendBatches(4);

        int other = 3 - leader - failing;
        await(() -> nodes[failing].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION)
                && nodes[other].logEndOffset(PARTITION) == nodes[leader].logEndOffset(PARTITION));
        assertEveryNodeHoldsTheBatchesOf(leader, 64);
    }

    @Test
    void shouldStepDownFromLeadingAShardWhoseCommandsItsStoreHoldsOnceTheOtherMemberHoldsItsWholeLog() throws Exception {
        // given a shard whose third member is away, and a member whose store fails while the leader commits with it
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int leader = appendBatches(8);
        awaitEveryNodeAtTheEndOf(leader);
        int holding = (leader + 1) % 3;
        int away = 3 - leader - holding;
        int shard = nodes[leader].raft().shardOf(PARTITION);
        nodes[away].close();
        nodes[away] = null;
        nodes[holding].failStoreWrites(true);
        appendBatches(8);
        // the holding member gave up its place through the ready leader: only its log holds the last entries
        await(() -> nodes[holding].raft().priorityIn(shard) == YieldedPriorities.YIELDED_PRIORITY);

        // when the leader stops and the member that was away comes back, the holding member's longer log elects it
        nodes[leader].close();
        nodes[leader] = null;
        start(away);

        // then it leads without serving only until the member back holds its log, and steps down for it
        assertThat(awaitShardLeader()).as("the member that was away leads").isEqualTo(away);
        appendBatches(4);
        nodes[holding].failStoreWrites(false);
        start(leader);
        awaitEveryNodeAtTheEndOf(away);
        assertEveryNodeHoldsTheBatchesOf(away, 20);
    }

    @Test
    void shouldFinishACopyFromAFollowerWhenItsNodeCameToLeadTheShardBeforeFinishingIt() throws Exception {
        // given three members holding the same log, stopped, the shard's preferred leader with a copy just begun
        int preferred = threeMembersHoldingTheSameLogStoppedThePreferredLeaderLast(false);
        assertTheLeaderFinishesTheCopyBeforeItServes(preferred);
    }

    @Test
    void shouldServeOnlyOnceItFinishedTheCopyWhenItsSnapshotLeftItNoCommandToApplyAgain() throws Exception {
        // given the same, the preferred leader's snapshot at the end of its log: after a restart, the first entry it
        // applies is the one that begins its term as the leader, a change of members, not a command
        int preferred = threeMembersHoldingTheSameLogStoppedThePreferredLeaderLast(true);
        assertTheLeaderFinishesTheCopyBeforeItServes(preferred);
    }

    private void assertTheLeaderFinishesTheCopyBeforeItServes(int preferred) throws Exception {
        Path marker = shardDirectory(preferred).resolve("sm").resolve(AppliedIndexSnapshots.COPY_MARKER);
        Files.createFile(marker);

        // when it starts again with one other member: its priority, the highest, elects it, and as it cannot copy
        // from itself, nor step down for a member of lower priority, it copies from the member that follows it
        int other = (preferred + 1) % 3;
        CompletableFuture<Void> preferredStarts = CompletableFuture.runAsync(() -> start(preferred));
        start(other);
        preferredStarts.get(WAIT_SECONDS, TimeUnit.SECONDS);

        // then it finishes the copy, serves the shard, and every member ends with the same batches
        assertThat(awaitShardLeader()).as("the preferred leader, ready").isEqualTo(preferred);
        assertThat(marker).doesNotExist();
        appendBatches(4);
        start(3 - preferred - other);
        awaitEveryNodeAtTheEndOf(preferred);
        assertEveryNodeHoldsTheBatchesOf(preferred, 24);
    }

    @Test
    void shouldFinishACopyFromAFollowerWhosePartitionsHoldWhatItAppliedNotFromOneWhoseOwnCopyIsUnfinished()
            throws Exception {
        // given three members holding the same log, stopped; the shard's preferred leader and the member it would
        // ask first each with a copy just begun on partitions that lost their batches
        int preferred = threeMembersHoldingTheSameLogStoppedThePreferredLeaderLast(false);
        int unfinished = Math.min((preferred + 1) % 3, (preferred + 2) % 3);
        int whole = 3 - preferred - unfinished;
        Path marker = shardDirectory(preferred).resolve("sm").resolve(AppliedIndexSnapshots.COPY_MARKER);
        for (int index : new int[] {preferred, unfinished}) {
            Directories.deleteRecursively(dataDir.resolve("node-" + voters.get(index).nodeId()).resolve("state"));
            Files.createFile(shardDirectory(index).resolve("sm").resolve(AppliedIndexSnapshots.COPY_MARKER));
        }

        // when the preferred leader starts with that member alone: it leads, and the member, whose partitions do
        // not hold what its applied index says, answers it no copy
        CompletableFuture<Void> preferredStarts = CompletableFuture.runAsync(() -> start(preferred));
        start(unfinished);
        preferredStarts.get(WAIT_SECONDS, TimeUnit.SECONDS);
        int shard = nodes[preferred].raft().shardOf(PARTITION);
        await(() -> nodes[preferred].raft().shardInfo(shard).isLeader());
        Thread.sleep(3_000);
        assertThat(marker).as("the copy of the leader, asked of a member whose own copy is unfinished").exists();
        assertThat(nodes[preferred].logEndOffset(PARTITION)).isZero();

        // then, once the third member is back, the leader copies from it, serves, and every member ends with the same
        // batches, the one whose copy was unfinished finishing it from the leader
        start(whole);
        assertThat(awaitShardLeader()).as("the preferred leader, ready").isEqualTo(preferred);
        assertThat(marker).doesNotExist();
        appendBatches(4);
        awaitEveryNodeAtTheEndOf(preferred);
        assertEveryNodeHoldsTheBatchesOf(preferred, 24);
    }

    /**
     * Three members that hold the same 20 batches, stopped, the shard's preferred leader last (a leader elected among
     * the others as it stopped would hold a longer log than it); returns the preferred leader's index.
     *
     * @param snapshotAtTheEnd whether the preferred leader takes a snapshot of its whole log before it stops
     */
    private int threeMembersHoldingTheSameLogStoppedThePreferredLeaderLast(boolean snapshotAtTheEnd)
            throws Exception {
        startThreeNodes(BY_ENTRIES);
        nodes[0].raft().submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        appendBatches(20);
        int preferred = preferredLeaderOfTheShard();
        awaitEveryNodeAtTheEndOf(preferred);
        if (snapshotAtTheEnd) {
            CommandStateMachine machine = nodes[preferred].raft().shardMachine(nodes[preferred].raft().shardOf(PARTITION));
            RaftServer server = machine.getServer().join();
            long lastIndex = machine.getLastAppliedTermIndex().getIndex();
            RaftClientReply reply = server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(
                    ClientId.randomId(), server.getId(), machine.getGroupId(), 0, WAIT_SECONDS * 1000L, 1))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(reply.isSuccess()).as("snapshot taken: %s", reply.getException()).isTrue();
            assertThat(latestSnapshotIndex(preferred)).as("the snapshot holds the whole log").hasValue(lastIndex);
        }
        for (int index : new int[] {(preferred + 1) % 3, (preferred + 2) % 3, preferred}) {
            nodes[index].close();
            nodes[index] = null;
        }
        return preferred;
    }

    /** The index of the node the partition's shard prefers as its leader. */
    private int preferredLeaderOfTheShard() {
        GroupLayout layout = new GroupLayout(voters);
        int nodeId = layout.shard(layout.shardOf(PARTITION, ORDERS.replicationFactor())).preferredLeader();
        return IntStream.range(0, 3).filter(index -> voters.get(index).nodeId() == nodeId).findFirst().orElseThrow();
    }

    private void start(int index) {
        start(index, 0);
    }

    /** Starts a node that copies replicas at {@code copyBytesPerSecond} at most; 0 for no limit. */
    private void start(int index, long copyBytesPerSecond) {
        QuorumVoter self = voters.get(index);
        Path dir = dataDir.resolve("node-" + self.nodeId());
        ClusterSettings settings = new ClusterSettings(self.nodeId(), voters, dir.resolve("raft"), 32 * 1024,
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofSeconds(20),
                () -> RocksDbClusterNode.broker(self.nodeId()),
                nodeSnapshots[index] != null ? nodeSnapshots[index] : snapshots, 3, copyBytesPerSecond);
        nodes[index] = RocksDbClusterNode.start(settings, dir);
    }

    /** Appends {@code count} batches through the partition's leader, a few at a time; returns the leader. */
    private int appendBatches(int count) throws Exception {
        int leader = awaitShardLeader();
        for (int sent = 0; sent < count; sent += 4) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + 4); i++) {
                RecordBatch batch = aBatch().withRecords(1 + i % 3).withValueSize(BATCH_VALUE_BYTES).build();
                inFlight.add(nodes[leader].raft().submit(new AppendBatches(PARTITION, List.of(batch))));
            }
            for (CompletableFuture<?> append : inFlight) {
                append.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        return leader;
    }

    /** Waits until every node's partition ends where the partition of node {@code index} ends. */
    private void awaitEveryNodeAtTheEndOf(int index) throws InterruptedException {
        await(() -> IntStream.range(0, 3).allMatch(node ->
                nodes[node].logEndOffset(PARTITION) == nodes[index].logEndOffset(PARTITION)));
    }

    private int awaitShardLeader() throws InterruptedException {
        int[] leader = {-1};
        await(() -> {
            for (int index = 0; index < 3; index++) {
                if (nodes[index] == null) {
                    continue;
                }
                RatisNode raft = nodes[index].raft();
                int shard = raft.shardOf(PARTITION);
                DivisionInfo info = shard < 0 ? null : raft.shardInfo(shard);
                if (info != null && info.isLeader() && info.isLeaderReady()) {
                    leader[0] = index;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** Where the partition's shard keeps its Raft state on a node: {@code raft/<group ID>}. */
    private Path shardDirectory(int index) {
        GroupLayout layout = new GroupLayout(voters);
        String group = layout.shard(layout.shardOf(PARTITION, ORDERS.replicationFactor())).group().getGroupId()
                .getUuid().toString();
        return dataDir.resolve("node-" + voters.get(index).nodeId()).resolve("raft").resolve(group);
    }

    /** The first index the shard's log segments hold on a node: 0 until the first segment is purged. */
    private long firstIndexInLog(int index) {
        try (Stream<Path> files = Files.list(shardDirectory(index).resolve("current"))) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(segment -> Long.parseLong(segment.group(1)))
                    .min().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> snapshotFiles(int index) {
        try (Stream<Path> files = Files.list(shardDirectory(index).resolve("sm"))) {
            return files.filter(file -> SNAPSHOT.matcher(file.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OptionalLong latestSnapshotIndex(int index) {
        Path snapshots = shardDirectory(index).resolve("sm");
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

    private static boolean contiguousFromZero(List<RecordBatch> batches) {
        long next = 0;
        for (RecordBatch batch : batches) {
            if (batch.baseOffset() != next) {
                return false;
            }
            next = batch.nextOffset();
        }
        return true;
    }

    private static List<String> hex(List<RecordBatch> batches) {
        return batches.stream().map(batch -> {
            ByteBuffer bytes = batch.bytes();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            return HexFormat.of().formatHex(copy);
        }).toList();
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
