package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.MetadataCommandsQuery;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The state machine of one Raft group on one node: hands each committed entry, in log order, to the
 * application's {@link ApplyCommandUseCase} (or, for the cluster's own entries, to the {@link Membership}), and
 * answers with the outcome's bytes.
 *
 * <p>It never throws from {@link #applyTransaction}: Ratis stops a server whose state machine throws, so a command
 * that fails becomes an outcome carrying its error. A command the store failed to write is held and applied again
 * until it is taken ({@link HeldApplies}); only a node stopping with one held fails what follows it. The entry's
 * Raft term becomes the leader epoch of the batches it appends, which therefore only grows, and its index goes with
 * the command, so that a store records which command it holds last.
 *
 * <p>A shard group whose stores survive a restart takes snapshots: Ratis asks for one once the group's log has
 * grown by the configured number of entries, after every command applied so far has completed, that is, is
 * durable in the store. The snapshot only records that index ({@link AppliedIndexSnapshots}); Ratis then purges
 * the log up to it (and no further than every member holds), and a node that starts resumes after it, each
 * partition skipping what its store holds already. A shard group of a node whose stores are in memory takes no
 * snapshot: it applies its whole log again into empty stores (see the cluster ADR).
 *
 * <p>The metadata group snapshots on every node, whatever its storage: its snapshot holds the metadata itself,
 * as the commands that rebuild it ({@link MetadataCommandsQuery}) followed by the cluster's own entries, listed on
 * Ratis' applying thread after every command applied so far has completed, so exactly the state at the snapshot's
 * index. A node that starts applies its latest snapshot to its emptied metadata stores, then only the entries
 * after it. A member that holds no metadata at all, while the leader's log no longer starts at its beginning,
 * copies the leader's latest metadata snapshot instead. A shard's snapshot is never sent: it holds no data, so a
 * shard member that needs one cannot be caught up.
 */
final class CommandStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(CommandStateMachine.class);
    /** How the logs name the metadata group. */
    static final String METADATA_GROUP = "metadata";
    private static final ClientId SNAPSHOT_CLIENT = ClientId.randomId();
    private static final long SNAPSHOT_REQUEST_TIMEOUT_MS = 60_000;
    /** How long a snapshot that waits for a member to catch up waits before it is asked for again. */
    private static final long SNAPSHOT_RETRY_MS = 1_000;
    /** Well under the smallest gRPC message size the node allows (8 MiB). */
    private static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;
    private final String name;
    private final ApplyCommandUseCase applier;
    private final Membership membership;
    /** The number of voters, for entries written before topics had a replication factor of their own. */
    private final int voters;
    /** Told of the topics the group's commands create or change, and of this node's leadership becoming ready. */
    private final GroupEvents events;
    /** This group's snapshots; null for a group that takes none. */
    private final AppliedIndexSnapshots snapshots;
    /** What a metadata snapshot holds; null for a shard group. */
    private final MetadataCommandsQuery metadata;
    /** The metadata group's leader, asked for its snapshot when this member needs one; null for a shard group. */
    private final GroupLeader leader;
    /** The metadata leader a copy of its snapshot asks, given up on once another leads. */
    private final LeaderWatch snapshotLeader = new LeaderWatch();
    /** How a shard's replicas are copied from and to this node; null for the metadata group. */
    private final ShardReplicas replicas;
    /** Where the appends this node places as the shard's leader go; null for a group that tells none. */
    private final LeaderOffsets leaderOffsets;

    /**
     * What a shard group's state machine copies replicas with (ADR 14).
     *
     * @param leader     the shard's leader, wherever it is
     * @param follower   where this node leads the shard: a member that follows it and answers, or null where there
     *                   is none; asked by a copy this node had not finished when it came to lead
     * @param copies     the application's use case, asked when first needed (the application is built after the log)
     * @param partitions the partitions of the shard that this node hosts
     * @param pace       the rate this node copies at, shared by its shards
     * @param absent     the members the group's log is no longer kept for, who copy what they lack once back
     */
    record ShardReplicas(GroupLeader leader, Supplier<CopySource> follower, Supplier<CopyReplicaUseCase> copies,
                         Supplier<List<TopicIdPartition>> partitions, ReplicaCopyPace pace, AbsentMembers absent) {
    }

    /** A member a copy asks, and how the logs name it. */
    record CopySource(AnsweringMember member, String name) {
    }
    private final long snapshotEveryBytes;
    private final long snapshotEveryEntries;
    /** Bytes and entries applied since the last snapshot; touched by Ratis' applying thread only. */
    private long bytesSinceSnapshot;
    private long entriesSinceSnapshot;
    /** Bytes of entries applied since the state machine started, and when it last looked for absent members. */
    private long bytesApplied;
    private long lastLookNanos;
    /** The members the group's log is no longer kept for once away for long; null where it is kept for all. */
    private final AbsentMembers absent;
    /** The members the group's log was last purged past ({@link AbsentMembers}); on the applying thread. */
    private Set<RaftPeerId> purgedPast = Set.of();
    private final AtomicBoolean snapshotAsked = new AtomicBoolean();
    private final AtomicBoolean snapshotRetryScheduled = new AtomicBoolean();
    /** The metadata group's: tells of a snapshot put off for long ({@link PutOffSnapshots}); null in a shard. */
    private final PutOffSnapshots putOff;
    /** Commands the store failed to write, applied again until it takes them; no snapshot covers them meanwhile. */
    private final HeldApplies held;
    /** Completes once this member refused to install the leader's state: it follows the group no more. */
    private final CompletableFuture<Void> installRefused = new CompletableFuture<>();
    /** Completes, with the cause, once Ratis failed a write of this member's log: it takes no more entries. */
    private final CompletableFuture<Throwable> logFailed = new CompletableFuture<>();
    /** Completes once Ratis closed this member: as the node stops, or on its own after its log worker failed. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Whether this member's log failed a write before this start, as its group directory says once opened. */
    private volatile LostEntries lostEntries = LostEntries.none();
    /** The group's directory under the node's Raft storage, once Ratis has opened it. */
    private volatile Path groupDirectory;
    /** The last reason a copy from the leader failed, logged once however often Ratis asks again. */
    private final AtomicReference<String> lastCopyFailure =
            new AtomicReference<>();
    /** The highest index whose command has been applied here, and who waits for one to be. */
    private final AppliedIndex appliedIndex = new AppliedIndex();
    /** The index of the latest entry whose command was handed to the application, applied or not yet. */
    private volatile long lastApplyStarted = -1;
    /** Whether this member is copying the leader's state ({@link #notifyInstallSnapshotFromLeader}). */
    private volatile boolean copying;
    /** A shard member's copies of its partitions, from the leader and to other members; null without replicas. */
    private final ShardCopies copies;
    /** Replicas found to differ from the leader's by the last replica check; under the lock on the next field. */
    private Set<TopicIdPartition> suspectedReplicas = Set.of();
    /** Replicas found to differ from the leader's in two checks in a row: this node no longer leads the group. */
    private final Set<TopicIdPartition> divergedReplicas = ConcurrentHashMap.newKeySet();

    /** How often, at most, the applying thread notes where the other members stand ({@link AbsentMembers}). */
    private static final long LOOK_FOR_ABSENT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How often a command the store failed to write is applied again. */
    static final Duration HELD_RETRY_INTERVAL = Duration.ofSeconds(1);

    /** For {@code snapshotEveryBytes}: a group that takes no snapshot. */
    static final long NO_SNAPSHOTS = 0;

    /**
     * @param name               how the logs name the group: "metadata" or the shard's name
     * @param voters             the number of voters of the cluster
     * @param events             told of each topic a command of the group creates or changes, before it is applied,
     *                           and of this node's leadership of the group becoming ready
     * @param snapshotEveryBytes how many bytes of entries the group applies between two snapshots, which it asks
     *                           Ratis for; or {@link #NO_SNAPSHOTS} for a group that never snapshots (a shard group
     *                           of a memory node, or a metadata group given nothing to snapshot)
     */
    CommandStateMachine(String name, ApplyCommandUseCase applier, Membership membership, int voters,
                        GroupEvents events, long snapshotEveryBytes) {
        this(name, applier, membership, voters, events, null, null, null, null, snapshotEveryBytes, NO_SNAPSHOTS,
                null, null);
    }

    /**
     * The state machine of a shard group that copies its replicas to a member that lost its data, and whose
     * leader tells this node's own appends where they go as it places them ({@link LeaderOffsets}).
     *
     * @param replicas             how; null for a group that copies none
     * @param localClient          the client ID of this node's own requests; null for a group that tells none
     * @param snapshotEveryEntries how many entries the group applies between two snapshots, as for bytes
     */
    CommandStateMachine(String name, ApplyCommandUseCase applier, Membership membership, int voters,
                        GroupEvents events, ShardReplicas replicas, ClientId localClient, long snapshotEveryBytes,
                        long snapshotEveryEntries) {
        this(name, applier, membership, voters, events, null, null, replicas, localClient, snapshotEveryBytes,
                snapshotEveryEntries, null, replicas == null ? null : replicas.absent());
    }

    private CommandStateMachine(String name, ApplyCommandUseCase applier, Membership membership, int voters,
                                GroupEvents events, MetadataCommandsQuery metadata, GroupLeader leader,
                                ShardReplicas replicas, ClientId localClient, long snapshotEveryBytes,
                                long snapshotEveryEntries, PutOffSnapshots putOff, AbsentMembers absent) {
        this.leaderOffsets = localClient == null ? null
                : new LeaderOffsets(localClient, applier::appliedLogEnd, appliedIndex::get);
        this.name = name;
        this.applier = applier;
        this.membership = membership;
        this.voters = voters;
        this.events = events;
        this.metadata = metadata;
        this.leader = leader;
        this.replicas = replicas;
        this.snapshots = snapshotEveryBytes > 0 ? new AppliedIndexSnapshots() : null;
        this.snapshotEveryBytes = snapshotEveryBytes;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.putOff = putOff;
        this.absent = absent;
        this.held = new HeldApplies(name, HELD_RETRY_INTERVAL);
        this.copies = replicas == null ? null
                : new ShardCopies(name, replicas, snapshots, new CopyingMember(), HELD_RETRY_INTERVAL);
    }

    /** What a shard's copies see of this state machine. */
    private final class CopyingMember implements ShardCopies.Member {

        @Override
        public RaftServer.Division division() throws IOException {
            return getServer().join().getDivision(getGroupId());
        }

        @Override
        public int nodeId() {
            return GroupLayout.nodeId(getServer().join().getId());
        }

        @Override
        public long appliedIndex() {
            return appliedIndex.get();
        }

        @Override
        public long lastApplyStarted() {
            return lastApplyStarted;
        }

        @Override
        public TermIndex lastApplied() {
            return getLastAppliedTermIndex();
        }

        @Override
        public boolean holdsCommands() {
            return held.holds();
        }

        @Override
        public void forceApplied(TermIndex applied) throws IOException {
            CommandStateMachine.this.forceApplied(applied);
        }
    }

    /**
     * The state machine of the metadata group, which snapshots the metadata {@code metadata} lists.
     *
     * @param leader               the group's leader, wherever it is, asked for its latest snapshot when this
     *                             member has applied nothing and the leader's log starts past what it holds
     * @param snapshotEveryEntries how many entries it applies between two snapshots, which it asks Ratis for; or
     *                             {@link #NO_SNAPSHOTS} where Ratis counts them itself (its automatic trigger on)
     * @param putOffWarning        how long its snapshot may wait for a member before the node says so
     *                             ({@link PutOffSnapshots})
     * @param absent               the members its log is no longer kept for once away for long, who copy the
     *                             leader's snapshot when they start again ({@link StaleMetadataLog})
     */
    static CommandStateMachine metadata(ApplyCommandUseCase applier, Membership membership, int voters,
                                        GroupEvents events, MetadataCommandsQuery metadata,
                                        GroupLeader leader, long snapshotEveryBytes,
                                        long snapshotEveryEntries, Duration putOffWarning, AbsentMembers absent) {
        if (snapshotEveryBytes < 1) {
            throw new IllegalArgumentException("The metadata group snapshots every positive number of bytes");
        }
        return new CommandStateMachine(METADATA_GROUP, applier, membership, voters, events, metadata,
                Objects.requireNonNull(leader, "leader"), null, null, snapshotEveryBytes, snapshotEveryEntries,
                new PutOffSnapshots(putOffWarning), Objects.requireNonNull(absent, "absent"));
    }

    /**
     * Finds the group's latest snapshot, after which Ratis resumes applying.
     *
     * @throws IOException if a group that takes no snapshot finds one: its log no longer holds what its empty
     *                     stores would need
     */
    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        groupDirectory = storage.getStorageDir().getRoot().toPath();
        lostEntries = LostEntries.of(groupDirectory);
        // Ratis reloads a state machine after it installed a snapshot only from PAUSED, reached from RUNNING
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
        if (snapshots != null) {
            snapshots.init(storage);
            if (copies != null) {
                copies.resumeUnfinished();
            }
            if (metadata != null) {
                restoreMetadata();
            }
            resumeAfterSnapshot();
        } else if (hasSnapshotFiles(storage)) {
            throw new IOException("The " + name + " group's Raft log was snapshotted and purged, but this node's "
                    + "stores do not survive a restart (--storage=memory): empty this node's data directory and start "
                    + "it again to have it copied from the others");
        }
    }

    /** Ratis pauses the state machine before it reloads it after a snapshot was installed. */
    @Override
    public void pause() {
        if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /**
     * Resumes after the latest snapshot: the one just installed, once Ratis reloads the state machine after an
     * install (see {@link #notifyInstallSnapshotFromLeader}).
     */
    @Override
    public void reinitialize() throws IOException {
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
        }
        if (snapshots != null) {
            resumeAfterSnapshot();
        }
        if (getLifeCycleState() == LifeCycle.State.STARTING) {
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void resumeAfterSnapshot() {
        SingleFileSnapshotInfo latest = snapshots.latest();
        if (latest != null) {
            setLastAppliedTermIndex(latest.getTermIndex());
            appliedIndex.reach(latest.getIndex());
            if (metadata == null) {
                LOG.info("The {} group resumes after its snapshot at index {}; each partition skips what its store "
                        + "holds already", name, latest.getIndex());
            }
        }
    }

    /**
     * Applies the latest metadata snapshot to this node's metadata stores, emptied when the node opened them, and
     * to its membership: Ratis then applies only the entries that follow.
     *
     * @throws IOException if the snapshot cannot be read or applied; the node does not start
     */
    private void restoreMetadata() throws IOException {
        SingleFileSnapshotInfo latest = snapshots.latest();
        if (latest == null) {
            return;
        }
        restoreMetadata(latest);
    }

    private void restoreMetadata(SingleFileSnapshotInfo latest) throws IOException {
        Path file = latest.getFile().getPath();
        List<byte[]> entries = MetadataSnapshotFile.read(file);
        for (byte[] bytes : entries) {
            try {
                CommandCodec.Decoded decoded = CommandCodec.decode(bytes, voters);
                if (decoded.clusterEntry() != null) {
                    applyClusterEntry(decoded.clusterEntry());
                } else {
                    apply(decoded.command(), (int) latest.getTerm(), latest.getIndex()).join();
                }
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new IOException("The metadata snapshot " + file + " cannot be applied to this node's stores: "
                        + cause.getMessage(), cause);
            }
        }
        LOG.info("The metadata group restored its snapshot at index {} ({} entries) and resumes after it",
                latest.getIndex(), entries.size());
    }

    private static boolean hasSnapshotFiles(RaftStorage storage) throws IOException {
        java.io.File[] files = storage.getStorageDir().getStateMachineDir().listFiles();
        if (files == null) {
            return false;
        }
        for (java.io.File file : files) {
            if (SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(file.getName()).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots != null ? snapshots.storage() : super.getStateMachineStorage();
    }

    /**
     * Records that everything applied up to the snapshot's index is durable in the stores; for the metadata group,
     * writes the metadata itself. The index is the last one applied, or for a shard one below it, where
     * {@link SnapshotPlacement} says no member can be cut off by the purge that follows; there is none while it
     * says so for the metadata group, which asks again a second later.
     * Ratis calls this only once every command it handed over has completed (see
     * {@code StateMachineUpdater.takeSnapshot}), and an append completes once written to the store; a shard then
     * forces the store ({@link ApplyCommandUseCase#makeAppliedDurable}, RocksDB's write-ahead log under
     * {@code --fsync=never}) before it writes the snapshot, so the index of the last command applied is safe to
     * resume after, also after a power cut.
     *
     * @return the snapshot's index, or -1 for a group that takes no snapshot (its log is kept whole)
     */
    @Override
    public long takeSnapshot() throws IOException {
        if (snapshots == null) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        TermIndex applied = getLastAppliedTermIndex();
        if (applied == null || applied.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        SingleFileSnapshotInfo latest = snapshots.latest();
        long latestIndex = latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex();
        if (held.storeMayLackApplied() || copyUnfinished()) {
            return latestIndex;
        }
        RaftServer.Division division = getServer().join().getDivision(getGroupId());
        MemberCommits members = MemberCommits.of(division);
        Set<RaftPeerId> away = absentMembers(members);
        long index = SnapshotPlacement.at(applied.getIndex(), members.lowestCommitIndex(away),
                away.isEmpty() ? members.lowestFollowerMatchIndex() : RaftLog.INVALID_LOG_INDEX, latestIndex,
                metadata == null);
        TermIndex at = index == applied.getIndex() ? applied
                : index == SnapshotPlacement.NONE ? null : division.getRaftLog().getTermIndex(index);
        bytesSinceSnapshot = 0;
        entriesSinceSnapshot = 0;
        if (at == null) {
            if (metadata != null && latestIndex < applied.getIndex()) {
                // a member has not caught up with what was applied here: ask again once it may have
                putOff.putOff(name, latestIndex, applied.getIndex(), members.furthestBehind(applied.getIndex()),
                        System.nanoTime()).ifPresent(LOG::warn);
                askForSnapshotLater();
            }
            return latestIndex;
        }
        if (metadata != null) {
            snapshots.write(at, metadataSnapshot((int) at.getTerm()));
            putOff.taken(name, at.getIndex(), System.nanoTime()).ifPresent(LOG::info);
        } else {
            // the store may hold the applied batches in an unforced log (fsync never): once the snapshot says
            // they are applied, Ratis may purge them, so a power cut must not take them from the store
            forceApplied(at);
            snapshots.write(at);
        }
        return at.getIndex();
    }

    /**
     * The members of the group this node no longer keeps its log for ({@link AbsentMembers}), logged when that
     * changes.
     */
    private Set<RaftPeerId> absentMembers(MemberCommits members) {
        if (absent == null) {
            return Set.of();
        }
        long now = System.nanoTime();
        lookForAbsentMembers(members, now);
        Set<RaftPeerId> away = absent.absent(bytesApplied, now);
        if (!away.equals(purgedPast)) {
            for (RaftPeerId member : away) {
                if (!purgedPast.contains(member)) {
                    LOG.warn("Node {} has not followed the {} group for a long time: its log is no longer kept for "
                            + "it; once back, the node {}", GroupLayout.nodeId(member), name,
                            metadata != null ? "copies the leader's metadata snapshot as it starts"
                                    : "copies what its partitions lack from the group's leader");
                }
            }
            purgedPast = away;
        }
        return away;
    }

    private void lookForAbsentMembers(MemberCommits members, long now) {
        absent.look(members.others(), bytesApplied, now);
        lastLookNanos = now;
    }

    private void forceApplied(TermIndex applied) throws IOException {
        try {
            applier.makeAppliedDurable().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while forcing the store before the snapshot at " + applied);
        } catch (ExecutionException e) {
            throw new IOException("The store could not force what " + name + " applied up to " + applied
                    + ", so no snapshot is taken: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The metadata as it is now, on Ratis' applying thread with every applied command completed: the state at the
     * last applied index. The cluster's entries come last, as they do not depend on the rest.
     */
    private byte[] metadataSnapshot(int term) {
        List<byte[]> entries = new ArrayList<>();
        metadata.metadataCommands(term).forEach(command -> entries.add(CommandCodec.encode(command)));
        membership.entries().forEach(entry -> entries.add(CommandCodec.encode(entry)));
        return MetadataSnapshotFile.write(entries);
    }

    /**
     * Ratis tells this member that the leader's log starts past what the member holds, off Ratis' threads; Ratis then
     * reloads the state machine ({@link #reinitialize}) and the member follows the log after what it copied:
     * <ul>
     *   <li>a member of the metadata group that has applied nothing yet (its data directory was emptied, or it is
     *       new) copies the leader's latest snapshot ({@link MetadataSnapshotCopy}), keeps it as its own and applies
     *       it to its empty metadata stores;</li>
     *   <li>a member of a shard whose stores survive a restart, empty or not (it lost its data, or it was away while
     *       the leader purged its log past it: {@link AbsentMembers}), copies what its partitions lack from the
     *       leader's ({@link ShardReplicaCopy}).</li>
     * </ul>
     * Anything else is refused: a member that applied part of the metadata could not start again from a snapshot
     * on stores it filled already (a node that starts drops such a metadata log first: {@link StaleMetadataLog}),
     * and stores in memory lost what a copy would continue. Fails at once with one
     * clear error; the node stays behind in this group.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                      TermIndex firstTermIndexInLog) {
        if (leader != null && appliedIndex.get() < 0) {
            return inBackground(() -> installLeadersSnapshot(firstTermIndexInLog));
        }
        if (replicas != null && snapshots != null) {
            return inBackground(() -> copies.copyFromLeader(firstTermIndexInLog));
        }
        String problem = "This node lags too far behind in the " + name + " group: the leader's Raft log starts at "
                + "index " + firstTermIndexInLog.getIndex() + ", past what this node applied ("
                + getLastAppliedTermIndex() + "), and "
                + (leader != null ? "the leader's snapshot is copied only to a node that holds no metadata yet. "
                        + "The node must start again while the others run (a broker process restarts itself): as "
                        + "it starts it finds their metadata logs past its own, drops its own and copies the "
                        + "leader's snapshot, keeping its partitions"
                        : "a shard's partitions are copied only between nodes whose stores survive a restart. "
                        + "Stop this node, empty its data directory and start it again: it then copies the metadata "
                        + "from the leader and the partitions from the shard leaders' logs if they still hold them "
                        + "from their start; otherwise the node's partition data is lost to the cluster");
        // Ratis tells again at every try of the leader, from several threads: said once
        if (installRefused.complete(null)) {
            LOG.error(problem);
            if (leader != null) {
                markCutOff();
            }
        }
        return CompletableFuture.failedFuture(new IllegalStateException(problem));
    }

    /** Leaves the mark that has the node's next start ask where the others' metadata logs start. */
    private void markCutOff() {
        Path directory = groupDirectory;
        if (directory == null) {
            return;
        }
        try {
            StaleMetadataLog.markCutOff(directory);
        } catch (IOException e) {
            LOG.warn("Could not mark the metadata group as cut off in {}: {}; a restart asks the others where their "
                    + "logs start only once this node's log is old enough", directory, e.toString());
        }
    }

    @FunctionalInterface
    private interface Copy {
        TermIndex run() throws IOException;
    }

    /**
     * Whether this member holds nothing of the group: it applied no entry, took or copied no snapshot, and is not
     * copying the leader's state now. A member whose data directory was emptied is such a member until it copied.
     */
    boolean holdsNothing() {
        return appliedIndex.get() < 0 && !copying;
    }

    /** The member leading this group as this node knows it; null when none is known or the group is not open. */
    private RaftPeerId currentLeader() {
        try {
            return getServer().join().getDivision(getGroupId()).getInfo().getLeaderId();
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs a copy off Ratis' threads; a failure is logged and tried again at Ratis' next notification. */
    private CompletableFuture<TermIndex> inBackground(Copy copy) {
        CompletableFuture<TermIndex> installed = new CompletableFuture<>();
        copying = true;
        installed.whenComplete((done, failure) -> copying = false);
        Thread thread = new Thread(() -> {
            try {
                installed.complete(copy.run());
            } catch (IOException | RuntimeException e) {
                // Ratis asks again at every try of the leader: the same failure is logged once
                String reason = String.valueOf(e.getMessage());
                if (isNew(lastCopyFailure, reason)) {
                    LOG.warn("Copying the {} group's state from its leader failed, to be tried again: {}", name,
                            reason);
                }
                installed.completeExceptionally(e);
            }
        }, "hexalog-cluster-copy-" + name);
        thread.setDaemon(true);
        thread.start();
        return installed;
    }

    /**
     * Completes once this member has refused to install the leader's state
     * ({@link #notifyInstallSnapshotFromLeader}): it follows the group no more until it restarts.
     */
    CompletableFuture<Void> whenInstallRefused() {
        return installRefused.copy();
    }

    /**
     * Ratis failed a write of this member's log. Its log worker then fails every later write of the group on this node,
     * until the node starts again: the member takes none of the group's entries meanwhile.
     */
    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        logFailed.complete(cause);
    }

    /** Completes, with the cause, once Ratis failed a write of this member's log ({@link #notifyLogFailed}). */
    CompletableFuture<Throwable> whenLogFailed() {
        return logFailed.copy();
    }

    /** Whether this member's log failed a write before this start, and its leader may count entries it lacks. */
    LostEntries lostEntries() {
        return lostEntries;
    }

    /** Marks this member as one whose log failed a write, for its next start ({@link LostEntries}). */
    void markLostEntries() throws IOException {
        Path directory = groupDirectory;
        if (directory == null) {
            throw new IOException("The group's directory is not open");
        }
        LostEntries.mark(directory);
    }

    @Override
    public void close() throws IOException {
        closed.complete(null);
        super.close();
    }

    /** Completes once Ratis closed this member ({@link #close}). */
    CompletableFuture<Void> whenClosed() {
        return closed.copy();
    }

    /** Whether this node has not finished a copy of the shard's partitions from its leader. */
    boolean copyUnfinished() {
        return copies != null && copies.unfinished();
    }

    /** Whether {@code reason} differs from the last one noted in {@code last}, noting it: a failure logged once. */
    static boolean isNew(AtomicReference<String> last, String reason) {
        return !reason.equals(last.getAndSet(reason));
    }

    private TermIndex installLeadersSnapshot(TermIndex firstTermIndexInLog) throws IOException {
        LOG.info("This node holds no metadata and the leader's metadata log starts at index {}: copying the "
                + "leader's latest metadata snapshot", firstTermIndexInLog.getIndex());
        MetadataSnapshotCopy.Copied copied;
        try {
            CompletableFuture<Void> leaderLeft = snapshotLeader.watch(this::currentLeader);
            copied = MetadataSnapshotCopy.copy(leader.until(leaderLeft), SNAPSHOT_CHUNK_BYTES);
        } finally {
            snapshotLeader.stop();
        }
        if (copied.termIndex().getIndex() < firstTermIndexInLog.getIndex() - 1) {
            throw new IOException("The leader's metadata snapshot at index " + copied.termIndex().getIndex()
                    + " ends before its log starts, at index " + firstTermIndexInLog.getIndex());
        }
        List<byte[]> entries = MetadataSnapshotFile.read(copied.content(), "copied from the leader");
        snapshots.write(copied.termIndex(), copied.content());
        restoreMetadata(snapshots.latest());
        LOG.info("Copied the leader's metadata snapshot at index {} ({} entries, {} bytes); this node follows the "
                + "metadata log after it", copied.termIndex().getIndex(), entries.size(), copied.content().length);
        return copied.termIndex();
    }

    /**
     * Answers a read-only question, which Ratis asks of the group's leader: a member copying the metadata group's
     * snapshot ({@link MetadataSnapshotCopy}) or a shard's partitions ({@link ShardReplicaCopy}), comparing its
     * replicas with the leader's ({@link ReplicaCheck}), or describing the metadata quorum
     * ({@link MetadataQuorumAnswer}); and those Ratis asks of any member: whether this node is stopping
     * ({@link StoppingMembers}) and where its metadata log starts ({@link StaleMetadataLog}).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] question = request.getContent().toByteArray();
        if (replicas != null && ReplicaCheck.isQuestion(question)) {
            return CompletableFuture.completedFuture(Messages.of(ReplicaCheck.answer(replicas.partitions().get(),
                    applier::appliedLogEnd)));
        }
        if (replicas != null && ShardReplicaCopy.isQuestion(question)) {
            return copies.answer(question);
        }
        if (StoppingMembers.isQuestion(question)) {
            return CompletableFuture.completedFuture(Messages.of(StoppingMembers.answer(events.stopping())));
        }
        if (METADATA_GROUP.equals(name) && StaleMetadataLog.isQuestion(question)) {
            try {
                SingleFileSnapshotInfo latest = snapshots == null ? null : snapshots.latest();
                return CompletableFuture.completedFuture(Messages.of(StaleMetadataLog.answer(
                        getServer().join().getDivision(getGroupId()).getRaftLog().getStartIndex(),
                        latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex())));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (metadata != null && MetadataQuorumAnswer.isQuestion(question)) {
            try {
                return CompletableFuture.completedFuture(Messages.of(MetadataQuorumAnswer.encode(
                        events.metadataQuorumAsLeader())));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (metadata == null || !MetadataSnapshotCopy.isQuestion(question)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("The " + name
                    + " group answers no such query"));
        }
        try {
            return CompletableFuture.completedFuture(Messages.of(MetadataSnapshotCopy.answer(question, snapshots)));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Ratis calls this on the leader for each entry it places in its log, in log order, before it takes the entry's
     * index; a shard group works out where the entry's appends go ({@link LeaderOffsets}). Never throws: Ratis
     * would refuse the entry.
     */
    @Override
    public TransactionContext preAppendTransaction(TransactionContext transaction) {
        if (leaderOffsets == null) {
            return transaction;
        }
        try {
            RaftServer.Division division = getServer().join().getDivision(getGroupId());
            List<LeaderOffsets.Placement> placements;
            try {
                placements = CommandCodec.placements(
                        transaction.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
            } catch (IllegalArgumentException e) {
                LOG.warn("An entry placed in the {} group cannot be read: {}", name, e.getMessage());
                placements = null;
            }
            RaftClientRequest request = transaction.getClientRequest();
            leaderOffsets.placing(division.getInfo().getCurrentTerm(), division.getRaftLog().getNextIndex(),
                    placements, request == null ? null : request.getClientId(),
                    request == null ? -1 : request.getCallId());
        } catch (IOException | RuntimeException e) {
            leaderOffsets.blind();
            LOG.warn("Working out where the appends placed in the {} group go failed ({}): acks=1 is answered once "
                    + "applied from now on", name, e.toString());
        }
        return transaction;
    }

    /**
     * Where the appends of this node's request {@code callId}, placed as the shard's leader, go once applied
     * ({@link LeaderOffsets#take}); null if none can be told.
     */
    List<ReplicatedCommand.Appended> placedAppends(long callId) {
        return leaderOffsets == null ? null : leaderOffsets.take(callId);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        // the cluster's own entries touch no store: they need not wait for commands held for it
        ByteString data = entry.getStateMachineLogEntry().getLogData();
        if (data.isEmpty() || !CommandCodec.isClusterEntryTag(data.byteAt(0))) {
            try {
                if (copies != null && !copies.awaitFinished()) {
                    return CompletableFuture.failedFuture(new KafkaStorageException("The node stopped before it "
                            + "finished copying the " + name + " group's partitions; its next start finishes it"));
                }
                if (!held.awaitNoneHeld()) {
                    return CompletableFuture.failedFuture(new KafkaStorageException("The node stopped before its "
                            + "store took an earlier entry of the " + name + " group; its next start applies both"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new KafkaStorageException("The node is stopping"));
            }
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        lastApplyStarted = entry.getIndex();
        countTowardsSnapshot(entry);
        // read in place: only the batches of an append are copied, as the store takes them
        ByteBuffer bytes = data.asReadOnlyByteBuffer();
        CompletableFuture<byte[]> outcome;
        if (CommandCodec.isSeveral(bytes)) {
            List<CompletableFuture<byte[]>> outcomes = new ArrayList<>();
            List<ByteBuffer> parts = CommandCodec.parts(bytes);
            for (int part = 0; part < parts.size(); part++) {
                outcomes.add(applyOne(parts.get(part), entry, CommandPositions.of(entry.getIndex(), part)));
            }
            outcome = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .thenApply(all -> Outcomes.several(outcomes.stream().map(CompletableFuture::join).toList()));
        } else {
            outcome = applyOne(bytes, entry, CommandPositions.of(entry.getIndex(), 0));
        }
        boolean toAnnounce = METADATA_GROUP.equals(name) && !CommandCodec.isCommitAnnouncement(bytes);
        return outcome.thenApply(applied -> {
            appliedIndex.reach(entry.getIndex());
            if (toAnnounce) {
                events.metadataCommandApplied();
            }
            return Messages.of(applied);
        });
    }

    /**
     * Applies one command of the entry at its position among every command of the log; completes with its
     * outcome, never exceptionally.
     */
    private CompletableFuture<byte[]> applyOne(ByteBuffer bytes, LogEntryProto entry, long position) {
        CommandCodec.Decoded decoded;
        try {
            decoded = CommandCodec.decode(bytes, voters);
        } catch (RuntimeException e) {
            LOG.error("Entry {} of {} cannot be read and is skipped: {}", entry.getIndex(), name, e.getMessage());
            return CompletableFuture.completedFuture(Outcomes.failure(e));
        }
        if (decoded.clusterEntry() != null) {
            applyClusterEntry(decoded.clusterEntry());
            return CompletableFuture.completedFuture(Outcomes.success(null));
        }
        ReplicatedCommand<?> command = decoded.command();
        int term = (int) entry.getTerm();
        HeldApplies.Attempt attempt = () -> {
            try {
                return apply(command, term, position);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        // a command this node's store failed to write is held, never skipped: the other nodes stored it
        return attempt.attempt()
                .<Object>thenApply(value -> value)
                .exceptionallyCompose(failure -> HeldApplies.isStoreFailure(failure)
                        ? held.hold(position, entry.getIndex(), failure, attempt)
                        : CompletableFuture.failedFuture(failure))
                .handle((value, failure) -> failure == null ? Outcomes.success(value)
                        : Outcomes.failure(HeldApplies.cause(failure)));
    }

    /**
     * Lets go of the commands held for the store and of the applying thread waiting for them or for a copy to end,
     * before the node's Raft server stops: the group's applying would otherwise wait for them for ever. Their entries
     * are applied again at the next start, since no snapshot covers them.
     */
    void stopHolding() {
        if (copies != null) {
            copies.stop();
        }
        held.stop();
    }

    /** Whether this node holds a command of the group that its store failed to write. */
    boolean holdsCommands() {
        return held.holds();
    }

    /**
     * Compares this node's replicas of the shard with its leader's ({@link ReplicaCheck}), where this node follows
     * a shard group. A replica found to differ in two checks in a row (one may catch a partition between two
     * appends) is reported once and counted as diverged from then on: it never catches up by itself, and this
     * node gives up leading the group ({@link #hasDivergedReplicas}).
     *
     * @throws IOException if the leader cannot be asked now
     */
    void checkReplicas() throws IOException {
        if (replicas == null || getServer().join().getDivision(getGroupId()).getInfo().isLeader()) {
            return;
        }
        List<ReplicaCheck.Divergence> found = ReplicaCheck.compare(replicas.leader().ask(ReplicaCheck.question()),
                appliedIndex.get(), applier::appliedLogEnd);
        synchronized (divergedReplicas) {
            noteDivergences(found);
        }
    }

    /** Counts as diverged what the last check found too, and keeps what this one found for the next. */
    private void noteDivergences(List<ReplicaCheck.Divergence> found) {
        Set<TopicIdPartition> suspected = new HashSet<>();
        for (ReplicaCheck.Divergence divergence : found) {
            suspected.add(divergence.partition());
            if (suspectedReplicas.contains(divergence.partition()) && divergedReplicas.add(divergence.partition())) {
                LOG.error("This node's replica of {} differs from the {} group's leader's: it skipped or refused "
                        + "what the leader stored. It gives up leading the group; a replica that diverged does not "
                        + "catch up by itself", divergence, name);
            }
        }
        suspectedReplicas = suspected;
    }

    /** Whether a replica of the group on this node was found to differ from its leader's ({@link #checkReplicas}). */
    boolean hasDivergedReplicas() {
        return !divergedReplicas.isEmpty();
    }

    private CompletableFuture<?> apply(ReplicatedCommand<?> command, int term, long position) {
        if (command instanceof ReplicatedCommand.CreateTopic create) {
            events.topicSeen(create.topic());
        } else if (command instanceof ReplicatedCommand.UpdateTopic update) {
            events.topicSeen(update.topic());
        }
        return applier.apply(command, term, position);
    }

    /**
     * Asks Ratis for a snapshot once the entries applied since the last one reach the byte threshold: Ratis'
     * own trigger counts entries only, and a few large entries can hold many megabytes. The metadata group of a
     * node whose Ratis trigger is off (stores in memory) counts the entries too. Ratis takes it on its
     * applying thread, after this entry, once everything applied has completed.
     */
    private void countTowardsSnapshot(LogEntryProto entry) {
        if (snapshots == null) {
            return;
        }
        bytesSinceSnapshot += entry.getSerializedSize();
        entriesSinceSnapshot++;
        bytesApplied += entry.getSerializedSize();
        long now = System.nanoTime();
        if (absent != null && now - lastLookNanos >= LOOK_FOR_ABSENT_NANOS) {
            try {
                lookForAbsentMembers(MemberCommits.of(getServer().join().getDivision(getGroupId())), now);
            } catch (IOException closing) {
                // the group is closing: nothing to keep a log for
            }
        }
        boolean due = bytesSinceSnapshot >= snapshotEveryBytes
                || snapshotEveryEntries > 0 && entriesSinceSnapshot >= snapshotEveryEntries;
        if (due) {
            askForSnapshot();
        }
    }

    /** Asks Ratis for a snapshot, unless an earlier ask is still out; Ratis takes it on its applying thread. */
    private void askForSnapshot() {
        if (!snapshotAsked.compareAndSet(false, true)) {
            return;
        }
        getServer().thenCompose(server -> server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(
                SNAPSHOT_CLIENT, server.getId(), getGroupId(), 0, SNAPSHOT_REQUEST_TIMEOUT_MS, 1)))
                .whenComplete((reply, failure) -> {
                    snapshotAsked.set(false);
                    if (failure != null) {
                        LOG.warn("Asking for a snapshot of the {} group failed: {}", name, failure.toString());
                    }
                });
    }

    /**
     * Asks for the snapshot that waits for a member to catch up once more after a while (the metadata group's, see
     * {@link SnapshotPlacement}): a quiet group applies nothing that would ask again, and the members learn of each
     * other's commit index with the leader's next heartbeat. One ask waits at a time.
     */
    private void askForSnapshotLater() {
        if (snapshotRetryScheduled.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(SNAPSHOT_RETRY_MS, TimeUnit.MILLISECONDS).execute(() -> {
                snapshotRetryScheduled.set(false);
                askForSnapshot();
            });
        }
    }

    /**
     * Completes once this node has applied the entry at {@code index} and every one before it, so that a command
     * agreed through another node's leadership can be answered only once its change is visible here too.
     */
    CompletableFuture<Void> whenApplied(long index) {
        return appliedIndex.whenReached(index);
    }

    private void applyClusterEntry(CommandCodec.ClusterEntry entry) {
        if (entry instanceof CommandCodec.RegisterBroker register) {
            membership.register(register.broker());
            LOG.info("Broker {} registered at {}:{}", register.broker().nodeId(), register.broker().host(),
                    register.broker().port());
        } else if (entry instanceof CommandCodec.LiveBrokers live) {
            if (membership.live(live.nodeIds())) {
                LOG.info("Live brokers are now {}", live.nodeIds());
            }
        } else if (entry instanceof CommandCodec.ShardLeader leader) {
            membership.shardLeader(leader);
        } else if (entry instanceof CommandCodec.ShardInSync inSync) {
            membership.shardInSync(inSync);
        } else if (entry instanceof CommandCodec.StorageRoom room) {
            membership.storageRoom(room);
            if (room.low()) {
                LOG.warn("Broker {}'s data volume has {} bytes free, below the space it keeps in reserve: the "
                        + "partitions it replicates refuse produce until it has room", room.nodeId(), room.freeBytes());
            } else {
                LOG.info("Broker {}'s data volume has room again ({} bytes free): its partitions take produce",
                        room.nodeId(), room.freeBytes());
            }
        }
    }

    /**
     * Ratis applies a change of the group's members here, on the applying thread; a new leader's first entry of its
     * term is one, and once it is applied Ratis takes the leader for ready ({@link #notifyLeaderReady}). A leader that
     * has not finished a copy of the shard's partitions finishes it first ({@link ShardCopies#awaitFinishedToLead}).
     */
    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto configuration) {
        if (copies == null) {
            return;
        }
        try {
            copies.awaitFinishedToLead();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ratis calls this once this node leads the group and has applied everything committed before its term. */
    @Override
    public void notifyLeaderReady() {
        long term = -1;
        try {
            RaftServer server = getServer().getNow(null);
            if (server != null) {
                term = server.getDivision(getGroupId()).getInfo().getCurrentTerm();
            }
        } catch (IOException e) {
            LOG.debug("The {} group's term cannot be read: {}", name, e.toString());
        }
        LOG.info("This node leads the {} group, ready, in term {}", name, term);
        events.leaderReady();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        LOG.info("The {} group is now led by {}", name, newLeader == null ? "no node" : newLeader);
        if (copies != null) {
            copies.leaderChanged(newLeader);
        }
        snapshotLeader.leaderChanged(newLeader).ifPresent(left -> LOG.info("The {} group's leader changed during "
                + "this node's copy of its snapshot from {}: the copy stops, to be tried again", name, left));
    }

}
