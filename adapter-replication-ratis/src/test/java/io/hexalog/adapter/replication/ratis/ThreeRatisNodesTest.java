package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.fake.MiniatureApplierFake;
import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.cluster.PartitionLeadership;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.CodeInjectionForTesting;
import org.apache.ratis.util.ProtoUtils;
import org.apache.ratis.server.DivisionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter alone, on three real Ratis nodes in this JVM, each applying through its own miniature applier:
 * what one node submits, every node applies, in the same order, with the same bytes and leader epoch.
 */
class ThreeRatisNodesTest {

    private static final long WAIT_SECONDS = 30;
    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 1, 3);
    private static final TopicIdPartition PARTITION = ORDERS.partition(0);
    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(300);
    /** How long a follower may lag before it leaves the in-sync replicas: short, for the test that makes one lag. */
    private static final Duration REPLICA_LAG_TIME_MAX = Duration.ofSeconds(2);
    /** Where Ratis lets a test step in when a member receives entries from its leader (RaftServerImpl's name). */
    private static final String APPEND_ENTRIES = "RaftServerImpl.appendEntries";

    @TempDir
    Path dataDir;

    private final List<QuorumVoter> voters = List.of(voter(1), voter(2), voter(3));
    private final RatisNode[] nodes = new RatisNode[3];
    private final MiniatureApplierFake[] appliers = new MiniatureApplierFake[3];
    /** The free bytes each node's data volume has, as its storage reserve reads them. */
    private final AtomicLong[] freeBytes = {new AtomicLong(Long.MAX_VALUE), new AtomicLong(Long.MAX_VALUE),
            new AtomicLong(Long.MAX_VALUE)};
    private static final long RESERVE_BYTES = 64L << 20;
    /** The free space each node keeps in reserve when it starts. */
    private final long[] reserveBytes = {RESERVE_BYTES, RESERVE_BYTES, RESERVE_BYTES};
    /** The size of each node's Raft log segments; 0 for the default. */
    private final long[] logSegmentBytes = new long[3];

    @BeforeEach
    void startThreeNodes() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            int node = index;
            starts.add(CompletableFuture.runAsync(() -> start(node)));
        }
        starts.forEach(start -> start.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
    }

    @AfterEach
    void stopNodes() {
        CodeInjectionForTesting.remove(APPEND_ENTRIES);
        for (RatisNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void shouldApplyMetadataCommandsSubmittedOnAnyNodeInTheSameOrderOnEveryNodeAndAnswerOnceAppliedThere() throws Exception {
        List<Long> blocks = new ArrayList<>();
        for (int claim = 0; claim < 9; claim++) {
            blocks.add(nodes[claim % 3].submit(new ClaimProducerIds(10)).get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertThat(appliers[claim % 3].applied()).as("applied on node %d when its submission completed", claim % 3 + 1)
                    .hasSize(claim + 1);
        }

        assertThat(blocks).doesNotHaveDuplicates().isSorted();
        await(() -> appliers[1].applied().size() == 9 && appliers[2].applied().size() == 9 && appliers[0].applied().size() == 9);
        assertThat(appliers[1].applied()).isEqualTo(appliers[0].applied());
        assertThat(appliers[2].applied()).isEqualTo(appliers[0].applied());
    }

    @Test
    void shouldRefuseAPartitionCommandOnANodeThatDoesNotLeadItsShard() throws Exception {
        int leader = awaitShardLeader();
        RatisNode follower = nodes[(leader + 1) % 3];

        CompletableFuture<?> refused = follower.submit(append(1));

        assertThatThrownBy(() -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .cause().isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(partitionCommands((leader + 1) % 3)).isEmpty();
    }

    @Test
    void shouldTakeATransactionMarkerSubmittedOnAFollowerToTheShardsLeaderAndApplyItEverywhere() throws Exception {
        int leader = awaitShardLeader();
        nodes[leader].submit(append(3)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int follower = (leader + 1) % 3;
        WriteTxnMarker marker = new WriteTxnMarker(PARTITION, 42L, (short) 0, 0, false, 1234L);

        long offset = nodes[follower].submit(marker).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(offset).isEqualTo(3);
        await(() -> appliers[0].applied().contains(marker) && appliers[1].applied().contains(marker)
                && appliers[2].applied().contains(marker));
        for (int node = 0; node < 3; node++) {
            assertThat(partitionCommands(node)).as("partition commands applied on node %d", node + 1)
                    .hasSize(2).last().isEqualTo(marker);
        }
    }

    @Test
    void shouldRefuseAppendsToThePartitionsOfANodeLowOnStorageUntilItHasRoomAgain() throws Exception {
        int leader = awaitShardLeader();
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int follower = (leader + 1) % 3;
        int followerId = voters.get(follower).nodeId();

        freeBytes[follower].set(RESERVE_BYTES - 1);
        await(() -> nodes[leader].membership().lowOnStorage(followerId) != null);

        assertThatThrownBy(() -> nodes[leader].submit(append(2)).get(WAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("Broker " + followerId + " replicates this partition")
                .hasMessageContaining((RESERVE_BYTES - 1) + " bytes free");
        // a command that frees space or adds none is still taken
        nodes[leader].submit(new CreateTopic(Topic.create(TopicName.of("payments"), 1, 3)))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        freeBytes[follower].set(RESERVE_BYTES);
        Thread.sleep(1_500);
        assertThat(nodes[leader].membership().lowOnStorage(followerId)).as("low until a sixteenth above the reserve")
                .isNotNull();
        freeBytes[follower].set(RESERVE_BYTES + RESERVE_BYTES / 16);
        await(() -> nodes[leader].membership().lowOnStorage(followerId) == null);
        nodes[leader].submit(append(3)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        await(() -> appliedBatches(0).size() == 2 && appliedBatches(1).size() == 2 && appliedBatches(2).size() == 2);
        assertThat(appliedBatches(follower)).isEqualTo(appliedBatches(leader));
    }

    @Test
    void shouldTakeBackANodesWordThatItIsLowWhenItRestartsWithoutAReserve() throws Exception {
        int leader = awaitShardLeader();
        int follower = (leader + 1) % 3;
        int followerId = voters.get(follower).nodeId();
        freeBytes[follower].set(RESERVE_BYTES - 1);
        await(() -> nodes[leader].membership().lowOnStorage(followerId) != null);

        nodes[follower].close();
        nodes[follower] = null;
        reserveBytes[follower] = 0;
        start(follower);

        await(() -> nodes[leader].membership().lowOnStorage(followerId) == null);
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void shouldReturnFromARestartOnlyOnceTheNodeHasAppliedTheMetadataLogUpToItsRegistration() throws Exception {
        int restarted = 2;
        nodes[restarted].close();
        nodes[restarted] = null;
        for (int claim = 0; claim < 20; claim++) {
            nodes[claim % 2].submit(new ClaimProducerIds(10)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        // each command takes 50 ms to apply on the restarted node: a second behind its registration
        start(restarted, applier -> new InterceptedApplier(applier, command -> pause(Duration.ofMillis(50))));

        assertThat(appliers[restarted].applied()).as("commands the restarted node applied when its start returned")
                .hasSize(20);
        assertThat(nodes[restarted].caughtUp()).isTrue();
    }

    @Test
    void shouldMoveAShardAwayFromALeaderWhoseStoreFailsWritesAndBackOnceItTakesThem() throws Exception {
        int first = awaitShardLeader();
        int shard = nodes[first].shardOf(PARTITION);
        int preferredId = nodes[first].layout().shard(shard).preferredLeader();
        int preferred = IntStream.range(0, 3).filter(index -> voters.get(index).nodeId() == preferredId)
                .findFirst().orElseThrow();
        await(() -> nodes[preferred].shardInfo(shard).isLeader() && nodes[preferred].shardInfo(shard).isLeaderReady());
        nodes[preferred].close();
        nodes[preferred] = null;
        AtomicBoolean storeFails = new AtomicBoolean();
        start(preferred, applier -> new InterceptedApplier(applier, command -> storeFails.get()
                && command instanceof AppendBatches ? new KafkaStorageException("No space left on device") : null));
        await(() -> nodes[preferred].shardInfo(shard).isLeader() && nodes[preferred].shardInfo(shard).isLeaderReady());

        // when the leader's store fails the next append (its submitter is told NOT_LEADER_OR_FOLLOWER once the
        // leadership moves, as a producer would be, while the append is committed and applied elsewhere)
        storeFails.set(true);
        nodes[preferred].submit(append(1));

        // then another node takes the shard over and takes appends, while the failing node holds the first
        int[] successor = {-1};
        await(() -> {
            for (int index = 0; index < 3; index++) {
                DivisionInfo info = nodes[index].shardInfo(shard);
                if (index != preferred && info.isLeader() && info.isLeaderReady()) {
                    successor[0] = index;
                    return true;
                }
            }
            return false;
        });
        nodes[successor[0]].submit(append(2)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(appliedBatches(preferred)).as("batches the failing node applied").isEmpty();

        // when the store takes writes again
        storeFails.set(false);

        // then the held append is applied, and the preferred node leads its shard again, with the same batches
        await(() -> nodes[preferred].shardInfo(shard).isLeader() && nodes[preferred].shardInfo(shard).isLeaderReady());
        await(() -> appliedBatches(0).size() == 2 && appliedBatches(1).size() == 2 && appliedBatches(2).size() == 2);
        assertThat(appliedBatches(preferred)).isEqualTo(appliedBatches(successor[0]));
    }

    @Test
    void shouldApplyTheLeadersAppendsWithTheSameBytesAndEpochOnEveryNode() throws Exception {
        int leader = awaitShardLeader();
        for (int append = 0; append < 5; append++) {
            nodes[leader].submit(append(append + 1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        await(() -> appliedBatches(0).size() == 5 && appliedBatches(1).size() == 5 && appliedBatches(2).size() == 5);
        for (int node = 0; node < 3; node++) {
            assertThat(appliedBatches(node)).as("batches applied on node %d", node + 1)
                    .isEqualTo(appliedBatches(leader));
            assertThat(appendEpochs(node)).as("epochs on node %d", node + 1)
                    .isEqualTo(appendEpochs(leader)).containsOnly(term(leader));
        }
    }

    @Test
    void shouldShareEntriesBetweenAppendsSubmittedTogetherAndAnswerEachWithItsOwnOffsetsInSubmissionOrder()
            throws Exception {
        int leader = awaitShardLeader();
        int shard = nodes[leader].shardOf(PARTITION);
        long indexBefore = nodes[leader].shardInfo(shard).getLastAppliedIndex();

        List<CompletableFuture<ReplicatedCommand.Appended>> answers = new ArrayList<>();
        for (int append = 0; append < 30; append++) {
            answers.add(nodes[leader].submit(new AppendBatches(PARTITION, List.of(aBatch().withRecords(1).build()))));
        }
        List<Long> firstOffsets = new ArrayList<>();
        for (CompletableFuture<ReplicatedCommand.Appended> answer : answers) {
            firstOffsets.add(answer.get(WAIT_SECONDS, TimeUnit.SECONDS).firstOffset());
        }

        assertThat(firstOffsets).isEqualTo(java.util.stream.LongStream.range(0, 30).boxed().toList());
        assertThat(nodes[leader].shardInfo(shard).getLastAppliedIndex() - indexBefore)
                .as("Raft entries the 30 appends took").isLessThan(30);
        await(() -> appliedBatches(0).size() == 30 && appliedBatches(1).size() == 30 && appliedBatches(2).size() == 30);
        for (int node = 0; node < 3; node++) {
            assertThat(appliedBatches(node)).as("batches applied on node %d", node + 1)
                    .isEqualTo(appliedBatches(leader));
            assertThat(appendPositions(node)).as("positions of the appends on node %d, which a replay skips by", node + 1)
                    .isSorted().doesNotHaveDuplicates().isEqualTo(appendPositions(leader));
        }
    }

    @Test
    void shouldMoveAShardToANewLeaderInALaterEpochAndCatchARestartedNodeUp() throws Exception {
        int first = awaitShardLeader();
        nodes[first].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int firstEpoch = term(first);

        nodes[first].close();
        nodes[first] = null;
        int second = awaitShardLeader();
        nodes[second].submit(append(2)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        start(first);

        assertThat(second).isNotEqualTo(first);
        assertThat(term(second)).isGreaterThan(firstEpoch);
        await(() -> appliedBatches(first).size() == 2);
        assertThat(appliedBatches(first)).isEqualTo(appliedBatches(second));
        assertThat(appendEpochs(first)).isEqualTo(appendEpochs(second));
    }

    @Test
    void shouldStartANodeWhoseVoteFilesAFailedWriteEmptiedInATermPastAnyItsGroupsReached() throws Exception {
        // given a node whose vote files were emptied while it was down, as a vote written on a full disk leaves them
        int leader = awaitShardLeader();
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int emptied = (leader + 1) % 3;
        long termBefore = term(leader);
        nodes[emptied].close();
        nodes[emptied] = null;
        List<Path> voteFiles = voteFiles(emptied);
        assertThat(voteFiles).as("vote files of the metadata group and the shards").hasSizeGreaterThan(1);
        for (Path voteFile : voteFiles) {
            Files.write(voteFile, new byte[0]);
        }
        nodes[leader].submit(append(2)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        // when it starts again
        start(emptied);

        // then it takes part again, in a term past the margin, and holds the same batches as the others
        await(() -> appliedBatches(emptied).size() == 2);
        for (Path voteFile : voteFiles) {
            assertThat(LostVote.isWhole(voteFile)).as("%s written again", voteFile).isTrue();
        }
        int next = awaitShardLeader();
        assertThat((long) term(next)).as("the shard's term").isGreaterThan(termBefore + LostVote.TERM_MARGIN);
        nodes[next].submit(append(3)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(() -> appliedBatches(0).size() == 3 && appliedBatches(1).size() == 3 && appliedBatches(2).size() == 3);
        for (int node = 0; node < 3; node++) {
            assertThat(appliedBatches(node)).as("batches applied on node %d", node + 1)
                    .isEqualTo(appliedBatches(next));
        }
    }

    @Test
    void shouldCloseTheMemberOfAFollowerWhoseShardLogFailedAWriteSoThatTheLeaderCountsItNoMore() throws Exception {
        // given a follower of the shard whose log Ratis says failed a write, as on a full disk
        int leader = awaitShardLeader();
        int failing = (leader + 1) % 3;
        int shard = nodes[failing].shardOf(PARTITION);
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(() -> appliedBatches(failing).size() == 1);

        // when the shard's log worker tells it
        nodes[failing].shardMachine(shard).notifyLogFailed(new IOException("No space left on device"), null);

        // then its member closes, and the leader takes it out of the in-sync replicas and commits without it
        await(() -> !nodes[failing].shardInfo(shard).isAlive());
        assertThat(nodes[failing].stoppedGroups()).containsExactly(nodes[failing].layout().shard(shard).name());
        await(() -> {
            Set<Integer> inSync = nodes[leader].inSyncReplicas(shard);
            return inSync != null && inSync.contains(voters.get(leader).nodeId())
                    && !inSync.contains(voters.get(failing).nodeId());
        });
        nodes[leader].submit(append(2)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(appliedBatches(failing)).as("batches the closed member applied").hasSize(1);
    }

    @Test
    void shouldSayAFollowerWhoseShardLogWorkerFailedMustStartAgainOnceItsVolumeHasRoomAndCatchItUpWhenItDoes()
            throws Exception {
        // given a follower with no reserve and log segments smaller than it wrote, whose shard log directory goes
        // away: its log worker fails at the next segment, and Ratis closes the group on that node
        int leader = awaitShardLeader();
        int failing = (leader + 1) % 3;
        nodes[leader].submit(append(1, 64 * 1024)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        nodes[failing].close();
        logSegmentBytes[failing] = 32 * 1024;
        reserveBytes[failing] = 0;
        freeBytes[failing].set(RestartNeed.MIN_ROOM_BYTES - 1);
        start(failing);
        int shard = nodes[failing].shardOf(PARTITION);
        String group = nodes[failing].layout().shard(shard).name();
        Path logDirectory = dataDir.resolve("node-" + voters.get(failing).nodeId())
                .resolve(nodes[failing].layout().shard(shard).group().getGroupId().getUuid().toString())
                .resolve("current");
        Path movedAway = logDirectory.resolveSibling("current-moved-away");
        CompletableFuture<String> restartNeeded = nodes[failing].whenRestartNeeded();
        Files.move(logDirectory, movedAway);

        // when the shard's entries reach it
        for (int append = 0; append < 4; append++) {
            nodes[leader].submit(append(1, 16 * 1024)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        await(() -> !nodes[failing].shardInfo(shard).isAlive());

        // then it says it must start again, naming the group, only once its volume has room
        Thread.sleep(3 * ELECTION_TIMEOUT.toMillis());
        assertThat(restartNeeded).as("restart needed on a volume without room").isNotDone();
        assertThat(nodes[failing].stoppedGroups()).as("what its readiness names").containsExactly(group);
        freeBytes[failing].set(RestartNeed.MIN_ROOM_BYTES);
        assertThat(restartNeeded.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("why")
                .startsWith("it takes no more entries of the " + group + " group (");
        Path mark = logDirectory.resolveSibling(LostEntries.MARK);
        assertThat(mark).as("the group marked for the next start").exists();

        // and, started again, it takes the shard's entries again, and the mark goes once its log has grown
        nodes[failing].close();
        Directories.deleteRecursively(logDirectory);
        Files.move(movedAway, logDirectory);
        start(failing);
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(() -> appliedBatches(failing).size() == 6);
        assertThat(appliedBatches(failing)).isEqualTo(appliedBatches(leader));
        await(() -> Files.notExists(mark));
        assertThat(nodes[failing].whenRestartNeeded()).as("restart needed after the start").isNotDone();
    }

    @Test
    void shouldHaveTheLeaderStepDownForAMarkedFollowerWhoseLogLacksEntriesTheLeaderCountsAsHeld() throws Exception {
        // given a follower whose log lost the last entries it had answered for, as after a failed write, and that
        // was marked so before it stopped: the leader goes on counting them as held
        int leader = awaitShardLeader();
        int lost = (leader + 1) % 3;
        int shard = nodes[lost].shardOf(PARTITION);
        for (int append = 0; append < 4; append++) {
            nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        await(() -> appliedBatches(lost).size() == 4);
        nodes[lost].shardMachine(shard).markLostEntries();
        Path groupDirectory = dataDir.resolve("node-" + voters.get(lost).nodeId())
                .resolve(nodes[lost].layout().shard(shard).group().getGroupId().getUuid().toString());
        long termBefore = term(leader);
        nodes[lost].close();
        dropLastEntries(groupDirectory.resolve("current"), 3);

        // when it starts again
        start(lost);

        // then it has the leader step down, and the next leader sends it what follows its own log
        await(() -> Files.notExists(groupDirectory.resolve(LostEntries.MARK)));
        int next = awaitShardLeader();
        assertThat((long) term(next)).as("the shard's term after the leader stepped down").isGreaterThan(termBefore);
        nodes[next].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(() -> appliedBatches(lost).size() == 5);
        assertThat(appliedBatches(lost)).isEqualTo(appliedBatches(next));
    }

    /** Rewrites a stopped member's open log segment without its last {@code count} entries. */
    private static void dropLastEntries(Path current, int count) throws IOException {
        Path open;
        try (Stream<Path> files = Files.list(current)) {
            open = files.filter(file -> file.getFileName().toString().startsWith("log_inprogress_")).findFirst()
                    .orElseThrow();
        }
        List<org.apache.ratis.proto.RaftProtos.LogEntryProto> entries = new ArrayList<>();
        org.apache.ratis.server.raftlog.segmented.LogSegment.readSegmentFile(open.toFile(),
                org.apache.ratis.server.raftlog.segmented.LogSegmentPath.matchLogSegment(open).getStartEnd(),
                org.apache.ratis.util.SizeInBytes.valueOf(4 << 20),
                org.apache.ratis.server.RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION, null, entries::add);
        assertThat(entries).as("entries of %s", open).hasSizeGreaterThan(count);
        Files.delete(open);
        try (org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream out =
                     new org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream(open.toFile(), false,
                             16L << 20, 1 << 20, ByteBuffer.allocateDirect(1 << 20))) {
            for (org.apache.ratis.proto.RaftProtos.LogEntryProto entry : entries.subList(0, entries.size() - count)) {
                out.write(entry);
            }
        }
    }

    /** The vote files of a node's groups ({@code raft-meta}), one per group it has joined. */
    private List<Path> voteFiles(int index) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("node-" + voters.get(index).nodeId()))) {
            return files.filter(file -> file.getFileName().toString().equals(LostVote.VOTE_FILE)).toList();
        }
    }

    @Test
    void shouldKeepAShardAsItStopsWhereEveryOtherNodeIsStoppingToo() throws Exception {
        // given the shard's leader, whose two followers are stopping too, as when a whole cluster is stopped
        int leader = awaitShardLeader();
        int shard = nodes[leader].shardOf(PARTITION);
        long term = nodes[leader].shardInfo(shard).getCurrentTerm();
        nodes[(leader + 1) % 3].beginStopping();
        nodes[(leader + 2) % 3].beginStopping();

        // when it hands its leaderships over as it stops
        int stillLed = nodes[leader].handOverLeaderships(Duration.ofSeconds(5));

        // then it handed nothing to a node that stops too, nor waited for one to take a group
        assertThat(stillLed).isZero();
        assertThat(nodes[leader].shardInfo(shard).isLeader()).isTrue();
        assertThat(nodes[leader].shardInfo(shard).getCurrentTerm()).isEqualTo(term);
    }

    @Test
    void shouldHandAShardOnlyToANodeThatIsNotStoppingToo() throws Exception {
        // given the shard's leader and its two followers, one of which is stopping too
        int leader = awaitShardLeader();
        int shard = nodes[leader].shardOf(PARTITION);
        long term = nodes[leader].shardInfo(shard).getCurrentTerm();
        int stopping = (leader + 1) % 3;
        int serving = (leader + 2) % 3;
        nodes[stopping].beginStopping();

        // when the leader hands its leaderships over as it stops
        int stillLed = nodes[leader].handOverLeaderships(Duration.ofSeconds(5));

        // then the serving follower took the shard in the next term: no election went to the stopping one first
        assertThat(stillLed).isZero();
        await(() -> nodes[serving].shardInfo(shard).isLeader() && nodes[serving].shardInfo(shard).isLeaderReady());
        assertThat(nodes[serving].shardInfo(shard).getCurrentTerm()).isEqualTo(term + 1);
    }

    @Test
    void shouldGiveTheNextCoordinatorAHigherCoordinatorEpochWhenTheMetadataLeaderStops() throws Exception {
        int first = awaitCoordinator();
        int firstEpoch = view(first).coordinatorEpoch();

        nodes[first].close();
        nodes[first] = null;
        int second = awaitCoordinator();

        assertThat(second).isNotEqualTo(first);
        assertThat(view(second).coordinatorEpoch()).isGreaterThan(firstEpoch);
    }

    @Test
    void shouldStopNamingAStoppedLeaderOnceAFollowerHasHeardNothingFromItForAnElectionTimeout() throws Exception {
        // given the shard's leader, which its two followers name as long as they hear from it: it sends each of them
        // an entry or a heartbeat at least every half election timeout
        int first = awaitShardLeader();
        int shard = nodes[first].shardOf(PARTITION);
        int hearingSamples = 0;
        for (int sample = 0; sample < 40; sample++) {
            int leaderId = voters.get(first).nodeId();
            for (int follower : others(first)) {
                long silentBefore = silentFor(follower, shard, leaderId);
                PartitionLeadership named = view(follower).leadership(PARTITION);
                long silentAfter = silentFor(follower, shard, leaderId);
                if (silentBefore >= 0 && silentAfter >= silentBefore && silentAfter < ELECTION_TIMEOUT.toMillis()) {
                    assertThat(named.leaderId()).isEqualTo(leaderId);
                    assertThat(named.electing()).isFalse();
                    hearingSamples++;
                }
            }
            Thread.sleep(ELECTION_TIMEOUT.toMillis() / 10);
        }
        assertThat(hearingSamples).as("samples of a follower hearing its leader").isPositive();

        // when the leader stops (found again, should this busy machine have held an election meanwhile), watched
        // while it closes
        int leader = awaitShardLeader();
        int leaderId = voters.get(leader).nodeId();
        int epoch = term(leader);
        List<Integer> followers = others(leader);
        RatisNode stopping = nodes[leader];
        nodes[leader] = null;
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::close);

        // then a follower that still follows it, having heard nothing from it for an election timeout (Ratis makes
        // it stand for election only at the end of a random timeout that passed wholly in silence), names no leader
        // and says one is being elected: clients look again rather than go back to a dead node
        int silentSamples = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (silentSamples == 0 && System.nanoTime() < deadline
                && followers.stream().anyMatch(follower -> follows(follower, shard, leaderId))) {
            for (int follower : followers) {
                if (silentFor(follower, shard, leaderId) >= ELECTION_TIMEOUT.toMillis()) {
                    PartitionLeadership named = view(follower).leadership(PARTITION);
                    if (follows(follower, shard, leaderId)) {
                        assertThat(named.leaderId()).isEqualTo(PartitionLeadership.NO_LEADER);
                        assertThat(named.electing()).isTrue();
                        silentSamples++;
                    }
                }
            }
            Thread.sleep(2);
        }
        stopped.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(silentSamples).as("samples of a follower silent for an election timeout").isPositive();

        // and each survivor stops listing the stopped node among the brokers before the cluster marks it not live
        // (3 s without a message), so that clients do not send it their metadata requests meanwhile
        for (int follower : followers) {
            await(() -> view(follower).brokers().stream().noneMatch(broker -> broker.nodeId() == leaderId)
                    || !nodes[follower].membership().isLive(leaderId));
            assertThat(nodes[follower].membership().isLive(leaderId)).as("still live in the metadata log").isTrue();
        }

        // and the one elected next is named by the other, in a later epoch
        int next = awaitShardLeader();
        int nextId = voters.get(next).nodeId();
        int other = followers.get(0) == next ? followers.get(1) : followers.get(0);
        await(() -> view(other).leadership(PARTITION).leaderId() == nextId);
        assertThat(view(other).leadership(PARTITION).leaderEpoch()).isGreaterThan(epoch);
        assertThat(view(other).leadership(PARTITION).electing()).isFalse();
    }

    @Test
    void shouldTakeAFollowerThatStopsTakingTheShardsEntriesOutOfTheInSyncReplicasAndBackOnceItHoldsThemAgain()
            throws Exception {
        int leader = awaitShardLeader();
        nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        int lagging = (leader + 1) % 3;
        int laggingId = voters.get(lagging).nodeId();
        for (int index = 0; index < 3; index++) {
            int node = index;
            await(() -> Set.copyOf(view(node).leadership(PARTITION).inSyncReplicas()).equals(Set.of(1, 2, 3)));
        }

        // when one follower's member of the shard refuses every entry its leader sends it, while its node stays alive
        // and the other two go on taking appends
        RaftPeerId laggingPeer = GroupLayout.peerId(laggingId);
        RaftGroupId shardGroup = nodes[leader].layout().shard(nodes[leader].shardOf(PARTITION)).group().getGroupId();
        AtomicBoolean refusing = new AtomicBoolean(true);
        CodeInjectionForTesting.put(APPEND_ENTRIES, (localId, leaderId, args) -> {
            AppendEntriesRequestProto request = (AppendEntriesRequestProto) args[1];
            if (refusing.get() && laggingPeer.equals(localId) && request.getEntriesCount() > 0 && shardGroup.equals(
                    ProtoUtils.toRaftGroupId(request.getServerRequest().getRaftGroupId()))) {
                throw new IllegalStateException("entries refused by the test");
            }
            return false;
        });
        int appends = 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        boolean leftEverywhere = false;
        while (!leftEverywhere && System.nanoTime() < deadline) {
            nodes[leader].submit(append(1)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            appends++;
            Thread.sleep(100);
            leftEverywhere = IntStream.range(0, 3)
                    .allMatch(node -> !view(node).leadership(PARTITION).inSyncReplicas().contains(laggingId));
        }

        // then it leaves the in-sync replicas, as every node names them, though it is neither offline nor dead
        assertThat(leftEverywhere).as("node %d out of the in-sync replicas on every node", laggingId).isTrue();
        for (int index = 0; index < 3; index++) {
            PartitionLeadership named = view(index).leadership(PARTITION);
            assertThat(named.replicas()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(named.offlineReplicas()).isEmpty();
            assertThat(named.inSyncReplicas()).hasSize(2).contains(voters.get(leader).nodeId());
            assertThat(nodes[index].membership().isLive(laggingId)).isTrue();
        }
        assertThat(appliedBatches(lagging)).as("batches the lagging follower applied").hasSizeLessThan(appends);

        // and once it takes entries again it catches up and comes back
        refusing.set(false);
        int applied = appends;
        await(() -> appliedBatches(lagging).size() == applied);
        for (int index = 0; index < 3; index++) {
            int node = index;
            await(() -> Set.copyOf(view(node).leadership(PARTITION).inSyncReplicas()).equals(Set.of(1, 2, 3)));
        }
        assertThat(appliedBatches(lagging)).isEqualTo(appliedBatches(leader));
    }

    private static List<Integer> others(int index) {
        return IntStream.range(0, 3).filter(other -> other != index).boxed().toList();
    }

    /** Whether the node's member of the shard is a follower of the given leader. */
    private boolean follows(int index, int shard, int leaderId) {
        DivisionInfo info = nodes[index].shardInfo(shard);
        return info.isFollower() && info.getLeaderId() != null && GroupLayout.nodeId(info.getLeaderId()) == leaderId;
    }

    /** How long the node's member of the shard has heard nothing from the given leader; -1 unless it follows it. */
    private long silentFor(int index, int shard, int leaderId) {
        if (!follows(index, shard, leaderId)) {
            return -1;
        }
        RoleInfoProto role = nodes[index].shardInfo(shard).getRoleInfoProto();
        return role.hasFollowerInfo() ? role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() : -1;
    }

    private void start(int index) {
        start(index, applier -> applier);
    }

    /** Starts the node with its miniature applier, seen through {@code wrap}. */
    private void start(int index, UnaryOperator<ApplyCommandUseCase> wrap) {
        QuorumVoter self = voters.get(index);
        BrokerNode broker = new BrokerNode(self.nodeId(), "127.0.0.1", 9092 + self.nodeId());
        appliers[index] = new MiniatureApplierFake(10);
        AtomicLong free = freeBytes[index];
        nodes[index] = new RatisNode(new ClusterSettings(self.nodeId(), voters,
                dataDir.resolve("node-" + self.nodeId()), 1 << 20, ELECTION_TIMEOUT, ELECTION_TIMEOUT.multipliedBy(2),
                Duration.ofSeconds(10), () -> broker, new ClusterSettings.Snapshots(false,
                ClusterSettings.Snapshots.DEFAULT_EVERY_ENTRIES, ClusterSettings.Snapshots.DEFAULT_EVERY_BYTES,
                logSegmentBytes[index]), 3, 0,
                new ClusterSettings.StorageReserve(reserveBytes[index], free::get))
                .withReplicaLagTimeMax(REPLICA_LAG_TIME_MAX));
        nodes[index].start(wrap.apply(appliers[index]));
    }

    /**
     * Applies through another applier, each command after asking {@code before}, which may pause and fails the command
     * with what it returns (null: the command is applied).
     */
    private record InterceptedApplier(ApplyCommandUseCase applier, Function<ReplicatedCommand<?>, Throwable> before)
            implements ApplyCommandUseCase {

        @Override
        public <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex) {
            Throwable failure = before.apply(command);
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : applier.apply(command, leaderEpoch, logIndex);
        }

        @Override
        public CompletableFuture<Void> makeAppliedDurable() {
            return applier.makeAppliedDurable();
        }

        @Override
        public Optional<AppliedLogEnd> appliedLogEnd(TopicIdPartition partition) {
            return applier.appliedLogEnd(partition);
        }
    }

    /** Sleeps for {@code pause}; the interruption, if one comes. */
    private static Throwable pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /**
     * The index of the node leading the partition's shard, ready to take commands; creates the partition's topic
     * first unless every running node knows it, and waits for an election.
     */
    private int awaitShardLeader() throws Exception {
        if (nodes[firstRunning()].shardOf(PARTITION) < 0) {
            nodes[firstRunning()].submit(new CreateTopic(ORDERS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        await(() -> java.util.Arrays.stream(nodes).allMatch(node -> node == null || node.shardOf(PARTITION) >= 0));
        int shard = nodes[firstRunning()].shardOf(PARTITION);
        int[] leader = {-1};
        await(() -> {
            for (int index = 0; index < 3; index++) {
                DivisionInfo info = nodes[index] == null ? null : nodes[index].shardInfo(shard);
                if (info != null && info.isLeader() && info.isLeaderReady()) {
                    leader[0] = index;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** The index of the node coordinating groups and transactions, as it sees itself; waits for an election. */
    private int awaitCoordinator() throws InterruptedException {
        int[] coordinator = {-1};
        await(() -> {
            for (int index = 0; index < 3; index++) {
                if (nodes[index] != null && view(index).groupCoordinatorId() == voters.get(index).nodeId()) {
                    coordinator[0] = index;
                    return true;
                }
            }
            return false;
        });
        return coordinator[0];
    }

    private RatisClusterView view(int index) {
        BrokerNode broker = new BrokerNode(voters.get(index).nodeId(), "127.0.0.1", 9092 + voters.get(index).nodeId());
        return new RatisClusterView(nodes[index], () -> broker);
    }

    private int term(int index) {
        return (int) nodes[index].shardInfo(nodes[index].shardOf(PARTITION)).getCurrentTerm();
    }

    private int firstRunning() {
        for (int index = 0; index < 3; index++) {
            if (nodes[index] != null) {
                return index;
            }
        }
        throw new IllegalStateException("No node runs");
    }

    private List<ByteBuffer> appliedBatches(int index) {
        return appliers[index].applied().stream()
                .filter(AppendBatches.class::isInstance)
                .map(command -> ((AppendBatches) command).batches().get(0).bytes())
                .toList();
    }

    private List<ReplicatedCommand<?>> partitionCommands(int index) {
        return appliers[index].applied().stream().filter(ReplicatedCommand::isPartitionCommand).toList();
    }

    /** The leader epoch each append was applied in, in the order applied. */
    private List<Integer> appendEpochs(int index) {
        List<ReplicatedCommand<?>> applied = appliers[index].applied();
        List<Integer> epochs = appliers[index].epochs();
        List<Integer> appends = new ArrayList<>();
        for (int command = 0; command < applied.size(); command++) {
            if (applied.get(command) instanceof AppendBatches) {
                appends.add(epochs.get(command));
            }
        }
        return appends;
    }

    /** The log position each append was applied at, in the order applied. */
    private List<Long> appendPositions(int index) {
        List<ReplicatedCommand<?>> applied = appliers[index].applied();
        List<Long> positions = appliers[index].logIndexes();
        List<Long> appends = new ArrayList<>();
        for (int command = 0; command < applied.size(); command++) {
            if (applied.get(command) instanceof AppendBatches) {
                appends.add(positions.get(command));
            }
        }
        return appends;
    }

    private static ReplicatedCommand<?> append(int records) {
        RecordBatch batch = aBatch().withRecords(records).build();
        return new AppendBatches(PARTITION, List.of(batch));
    }

    private static ReplicatedCommand<?> append(int records, int valueBytes) {
        RecordBatch batch = aBatch().withRecords(records).withValueSize(valueBytes).build();
        return new AppendBatches(PARTITION, List.of(batch));
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
