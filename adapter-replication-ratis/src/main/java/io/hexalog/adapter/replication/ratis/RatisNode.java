package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.MetadataCommandsQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One node of the cluster: a Ratis server running the metadata group and the shard groups this node is a member
 * of, the state machines that apply their entries, and the client this node submits metadata commands through.
 * The {@link RatisReplicatedLog} and {@link RatisClusterView} ports are two faces of it.
 *
 * <p>A node joins the shards of the default replication factor that hold it when it starts, and those of another
 * factor once the metadata log creates a topic of that factor. It learns each topic's factor, and so the shard
 * of each of its partitions, from the topic's creation in the metadata log. The leader of a shard announces
 * itself in the metadata log, so that nodes outside the shard can name it.
 *
 * <p>Partition commands are submitted to this node's own member of the partition's shard, and only while it
 * leads the shard and has applied everything before its term; elsewhere they fail with
 * NOT_LEADER_OR_FOLLOWER so the client moves to the leader. Metadata commands go through a Raft client, which
 * finds the metadata leader wherever it is, and so do transaction markers, through a client of the partition's
 * shard: the transaction coordinator that writes them need not lead the partition.
 */
public final class RatisNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RatisNode.class);
    /** A follower not heard from for this long is no longer counted alive (and so no longer in sync). */
    private static final long LIVENESS_TIMEOUT_MS = InSyncReplicas.Follower.ANSWERING_WITHIN_MS;
    private static final long LIVENESS_CHECK_MS = 500;
    /** How often a follower compares its replicas with its shards' leaders' ({@link ReplicaCheck}). */
    private static final long REPLICA_CHECK_MS = 10_000;

    private final ClusterSettings settings;
    private final GroupLayout layout;
    private final Membership membership = new Membership();
    private final ClientId localClient = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    /** The groups this node is a member of, and where each partition travels. */
    private final GroupJoins joins;
    /** Shards whose leadership this node is announcing now, so that one announcement is in flight at a time. */
    private final Set<String> announcing = ConcurrentHashMap.newKeySet();
    /** Where questions for the metadata quorum wait for the metadata leader's answer. */
    private final ExecutorService quorumQuestions = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-quorum-questions");
        thread.setDaemon(true);
        return thread;
    });
    /** The in-sync replicas of every shard; those this node leads looked at every half second. */
    private final ShardsInSync inSync;
    /** This node's data volume against its reserve, and the partitions refused produce for a replica's. */
    private final StorageRoomWatch room;
    /** This node's place in each group it holds, looked at every half second ({@link #keepPriorities}). */
    private final PriorityKeeper priorities;
    private final ScheduledExecutorService replicaChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-replica-check");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService liveness = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-liveness");
        thread.setDaemon(true);
        return thread;
    });
    private volatile RaftProperties properties;
    private volatile RaftServer server;
    private volatile RaftClient metadataClient;
    private volatile ShardClients shardClients;
    private volatile RaftServer.Division metadataDivision;
    private volatile CommandStateMachine metadataMachine;
    /** Completes once the metadata group refused the leader's snapshot ({@link #whenMetadataCutOff}). */
    private final CompletableFuture<Void> metadataCutOff = new CompletableFuture<>();
    /** Whether, and why, this node must start again ({@link #whenRestartNeeded}). */
    private final RestartNeed restartNeed;
    /** Whether {@link #close} was called: the groups' state machines close with the node. */
    private volatile boolean closing;
    /** Completes once this start's registration is applied here (see {@link #catchUpTo}); null before it is made. */
    private volatile CompletableFuture<Void> registrationApplied;
    private volatile ShardSubmitter shardSubmitter;
    /** The state machines of this node's shard groups, by group. */
    private final Map<RaftGroupId, CommandStateMachine> shardMachines = new ConcurrentHashMap<>();
    /** How shard groups copy partition replicas; null where they copy none. */
    private volatile Supplier<CopyReplicaUseCase> replicas;
    /** What the groups' state machines tell this node. */
    private final GroupEvents events = new GroupEvents() {
        @Override
        public void topicSeen(Topic topic) {
            joins.placed(topic);
        }

        /**
         * A shard this node now leads is announced at once rather than at the next check, and the requests held
         * for it are served.
         */
        @Override
        public void leaderReady() {
            becomingLeader.check();
            try {
                liveness.execute(RatisNode.this::announceShardLeaders);
            } catch (RejectedExecutionException closing) {
                // the node is closing: nothing to announce
            }
        }

        @Override
        public void metadataCommandApplied() {
            commits.commandApplied();
        }

        @Override
        public boolean stopping() {
            return handOver.stopping();
        }

        @Override
        public MetadataQuorum metadataQuorumAsLeader() {
            RaftServer.Division division = metadataDivision;
            if (division == null) {
                throw new IllegalStateException("Node " + nodeId() + " has not opened the metadata group");
            }
            List<InSyncReplicas.Follower> followers = division.getInfo().isLeader() ? Followers.of(division) : null;
            if (followers == null) {
                throw new IllegalStateException("Node " + nodeId() + " does not lead the metadata group");
            }
            return MetadataQuorumAnswer.of(division, followers, metadataCaughtUp, System.currentTimeMillis());
        }
    };
    /** How this node hands its leaderships over before it stops. */
    private final LeadershipHandOver handOver;
    /** How this node asks a group's leader or members read-only questions. */
    private final MemberQuestions questions;
    /** When the metadata group's followers last held what this node, leading it, committed. */
    private final CaughtUpFollowers metadataCaughtUp = new CaughtUpFollowers();
    private final CommitAnnouncer commits = new CommitAnnouncer(this::leadsMetadata, this::announceCommit);

    /** Where requests wait for this node to serve a shard it was just elected to lead. */
    private final ScheduledExecutorService readiness = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-leader-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private final BecomingLeader becomingLeader;
    /** The rate this node copies replicas at when it lost its data, shared by its shards' copies (ADR 14). */
    private final ReplicaCopyPace copyPace;

    public RatisNode(ClusterSettings settings) {
        this.settings = settings;
        this.copyPace = ReplicaCopyPace.of(settings.replicaCopyBytesPerSecond());
        this.becomingLeader = new BecomingLeader(this::roleIn, readiness, settings.electionTimeoutMax(),
                System::nanoTime);
        this.layout = new GroupLayout(settings.voters());
        this.joins = new GroupJoins(layout, settings.nodeId(), settings.defaultReplicationFactor(), localClient,
                callIds::incrementAndGet);
        this.questions = new MemberQuestions(() -> properties, settings.requestTimeout());
        this.inSync = new ShardsInSync(layout, settings.nodeId(), settings.replicaLagTimeMax(), joins::shard,
                membership, this::submitMetadata);
        this.restartNeed = new RestartNeed(settings.storageReserve());
        metadataCutOff.thenRun(restartNeed::cutOffFromMetadata);
        this.room = new StorageRoomWatch(settings.nodeId(), settings.storageReserve(), layout, membership,
                entry -> submitMetadata(entry).thenCompose(this::afterLocalApply));
        this.handOver = new LeadershipHandOver(settings.nodeId(), settings.voters(), new LeadershipHandOver.Node() {
            @Override
            public void forEachGroup(BiConsumer<String, RaftServer.Division> action) {
                RatisNode.this.forEachGroup(action);
            }

            @Override
            public byte[] askWhetherStopping(int nodeId) throws IOException {
                return questions.askMember(layout.metadata(), GroupLayout.peerId(nodeId), StoppingMembers.question(),
                        1);
            }

            @Override
            public boolean lookAtPrioritiesNow() {
                try {
                    liveness.execute(RatisNode.this::keepPriorities);
                    return true;
                } catch (RejectedExecutionException closed) {
                    return false;
                }
            }

            @Override
            public CompletableFuture<RaftClientReply> transferLeadership(RaftGroupId group, int target)
                    throws IOException {
                return RatisNode.this.transferLeadership(group, GroupLayout.peerId(target));
            }
        });
        this.priorities = new PriorityKeeper(GroupLayout.peerId(settings.nodeId()), new PriorityKeeper.Node() {
            @Override
            public List<PriorityKeeper.Group> groups() {
                return heldGroups();
            }

            @Override
            public boolean givesUpPlaceIn(RaftServer.Division division) {
                return handOver.givesUpPlaceIn(division);
            }

            @Override
            public CompletableFuture<RaftClientReply> transferLeadership(RaftGroupId group, RaftPeerId target)
                    throws IOException {
                return RatisNode.this.transferLeadership(group, target);
            }
        }, this::setConfiguration, settings.electionTimeoutMax().multipliedBy(3), settings.requestTimeout());
    }

    /** The cluster's ID, the same on every node. */
    public String clusterId() {
        return layout.clusterId();
    }

    /**
     * Starts the Raft server, joins every group, and registers this broker's Kafka endpoint once a majority of
     * the voters is up. Blocks until then, and until this node has applied the metadata log up to its registration.
     *
     * @throws IllegalStateException naming the address, if the replication port cannot be bound
     */
    void start(ApplyCommandUseCase applier) {
        start(applier, null);
    }

    /**
     * Starts as {@link #start(ApplyCommandUseCase)} does, with the metadata group snapshotting the metadata that
     * {@code metadata} lists; without it (null) the metadata group takes no snapshot and keeps its whole log.
     */
    void start(ApplyCommandUseCase applier, MetadataCommandsQuery metadata) {
        start(applier, metadata, null);
    }

    /**
     * Starts as {@link #start(ApplyCommandUseCase, MetadataCommandsQuery)} does, with shard groups that copy their
     * partitions through {@code replicas} to a member that lost its data (ADR 14); without it (null) they copy none.
     */
    void start(ApplyCommandUseCase applier, MetadataCommandsQuery metadata, Supplier<CopyReplicaUseCase> replicas) {
        this.replicas = replicas;
        ExitUtils.disableSystemExit();
        properties = RatisProperties.of(settings);
        Map<RaftGroupId, String> names = new HashMap<>();
        names.put(layout.metadata().getGroupId(), CommandStateMachine.METADATA_GROUP);
        layout.shards().forEach(shard -> names.put(shard.group().getGroupId(), shard.name()));
        ForeignRaftLogs.refuse(settings.storageDirectory(), names.keySet());
        RaftLogsOwner.claim(settings.storageDirectory(), settings.nodeId());
        restoreLostVotes(names);
        if (metadata != null) {
            dropStaleMetadataLog();
        }
        try {
            server = RaftServer.newBuilder()
                    .setServerId(GroupLayout.peerId(settings.nodeId()))
                    .setProperties(properties)
                    .setStateMachineRegistry(groupId -> machineOf(groupId, names, applier, metadata))
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            QuorumVoter self = settings.selfVoter();
            throw new IllegalStateException("Cannot start replication on " + self.host() + ":" + self.port()
                    + ": " + rootMessage(e), e);
        }
        metadataDivision = joins.joinAtStart(server);
        shardSubmitter = new ShardSubmitter(this::sendToShard, callIds::incrementAndGet, this::placedAppends,
                RatisNode::contentOf, settings.maxEntryBytes(), "hexalog-cluster-submitter");
        metadataClient = ClientRetries.client(properties, layout.metadata(),
                ClientRetries.within(settings.requestTimeout()));
        shardClients = new ShardClients(properties,
                layout.shards().stream().map(GroupLayout.Shard::group).toList(),
                ClientRetries.within(settings.requestTimeout()));
        // from the start, so that a node whose store holds commands gives its groups up while it registers too
        liveness.scheduleWithFixedDelay(this::keepPriorities, LIVENESS_CHECK_MS, LIVENESS_CHECK_MS,
                TimeUnit.MILLISECONDS);
        register();
        liveness.scheduleWithFixedDelay(this::checkLeadership, LIVENESS_CHECK_MS, LIVENESS_CHECK_MS,
                TimeUnit.MILLISECONDS);
        replicaChecks.scheduleWithFixedDelay(this::checkReplicas, REPLICA_CHECK_MS, REPLICA_CHECK_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Writes again, before the Raft server opens them, the vote files of this node's groups that a failed write
     * emptied ({@link LostVote}); without it the server would not open them.
     */
    private void restoreLostVotes(Map<RaftGroupId, String> names) {
        SizeInBytes maxEntryBytes = RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties);
        names.forEach((group, name) -> {
            Path directory = settings.storageDirectory().resolve(group.getUuid().toString());
            try {
                LostVote.restoreIfLost(directory, name, maxEntryBytes);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot restore the vote file of the " + name + " group in "
                        + directory + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Drops this node's metadata log before its Raft server opens it, if the others purged theirs past it while the
     * node was away ({@link StaleMetadataLog}); a log that cannot be read is left to Ratis, which reads it again.
     */
    private void dropStaleMetadataLog() {
        Path group = settings.storageDirectory().resolve(layout.metadata().getGroupId().getUuid().toString());
        if (!Files.isDirectory(group)) {
            return;
        }
        List<Integer> others = settings.voters().stream().map(QuorumVoter::nodeId)
                .filter(node -> node != settings.nodeId()).toList();
        try {
            StaleMetadataLog.dropIfPurgedPast(group, others, node -> StaleMetadataLog.readAnswer(questions.askMember(
                            layout.metadata(), GroupLayout.peerId(node), StaleMetadataLog.question())),
                    settings.snapshots().absentMemberLogRetention(),
                    RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties), System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not compare this node's metadata log in {} with the others': {}; starting on it as it is",
                    group, e.toString());
        }
    }

    /**
     * Compares this node's replicas of the shards it follows with their leaders' ({@link ReplicaCheck}): every ten
     * seconds, on a thread of its own, since each comparison asks the shard's leader.
     */
    void checkReplicas() {
        for (CommandStateMachine machine : shardMachines.values()) {
            try {
                machine.checkReplicas();
            } catch (IOException | RuntimeException e) {
                // no ready leader to ask now: the next check asks again
                LOG.debug("Comparing the replicas of a shard with its leader's failed: {}", e.toString());
            }
        }
    }

    /** Whether a replica of a shard on this node was found to differ from its leader's ({@link #checkReplicas}). */
    boolean hasDivergedReplicas() {
        return shardMachines.values().stream().anyMatch(CommandStateMachine::hasDivergedReplicas);
    }

    /** This node's Raft priority in a shard group, as the group's configuration has it now; -1 if not a member. */
    int priorityIn(int shard) {
        RaftServer.Division division = joins.shard(shard);
        RaftPeer self = division == null ? null
                : division.getRaftConf().getPeer(GroupLayout.peerId(settings.nodeId()));
        return self == null ? -1 : self.getPriority();
    }

    private CommandStateMachine machineOf(RaftGroupId groupId, Map<RaftGroupId, String> names,
                                          ApplyCommandUseCase applier, MetadataCommandsQuery metadataCommands) {
        boolean metadata = groupId.equals(layout.metadata().getGroupId());
        ClusterSettings.Snapshots snapshots = settings.snapshots();
        if (metadata && metadataCommands != null) {
            metadataMachine = CommandStateMachine.metadata(applier, membership, layout.voters().size(),
                    events, metadataCommands, leaderOf(layout.metadata()),
                    snapshots.everyBytes(), snapshots.everyEntries(), snapshots.absentMemberLogRetention(),
                    new AbsentMembers(snapshots.absentMemberLogRetention(),
                            RatisProperties.absentMarginBytes(settings)));
            return watchedLog(groupId, CommandStateMachine.METADATA_GROUP, watchedMetadata(metadataMachine));
        }
        boolean snapshotted = !metadata && snapshots.storesSurviveRestart();
        CommandStateMachine.ShardReplicas shardReplicas = metadata || replicas == null ? null
                : shardReplicas(groupId);
        CommandStateMachine machine = new CommandStateMachine(names.getOrDefault(groupId, groupId.toString()),
                applier, membership, layout.voters().size(), events, shardReplicas, metadata ? null : localClient,
                snapshotted ? snapshots.everyBytes() : CommandStateMachine.NO_SNAPSHOTS,
                snapshotted ? snapshots.everyEntries() : CommandStateMachine.NO_SNAPSHOTS);
        if (metadata) {
            metadataMachine = watchedMetadata(machine);
        } else {
            shardMachines.put(groupId, machine);
        }
        return watchedLog(groupId, names.getOrDefault(groupId, groupId.toString()), machine);
    }

    /**
     * A group's state machine, which tells {@link #whenRestartNeeded} when the group stops taking entries on this
     * node: Ratis failed a write of its log, or closed it while the node runs (its log worker failed otherwise).
     *
     * <p>A log that failed a write is closed at once. Ratis keeps the entries it could not write in its log's memory
     * and answers the leader for them when it sends them again, as if they were held: a member answering so could
     * make an entry committed that a majority does not hold. Closed, the member answers nothing until the node starts
     * again.
     */
    private CommandStateMachine watchedLog(RaftGroupId groupId, String group, CommandStateMachine machine) {
        machine.whenLogFailed().thenAccept(cause -> {
            restartNeed.groupStopped(group, "its log failed a write: " + rootMessage(cause), machine::markLostEntries);
            closeGroup(groupId, group, machine);
        });
        machine.whenClosed().thenRun(() -> {
            if (!closing) {
                restartNeed.groupStopped(group, "Ratis closed the group on this node while the node ran",
                        machine::markLostEntries);
            }
        });
        return machine;
    }

    /**
     * Closes this node's member of a group, on a thread of its own: the member's log worker, which tells of its
     * failure, is what the close waits for, and so is its applying thread, let go first where it waits for commands
     * the store holds (a full disk fails the store's writes too); they are applied again at the next start.
     */
    private void closeGroup(RaftGroupId groupId, String group, CommandStateMachine machine) {
        Thread closer = new Thread(() -> {
            try {
                machine.stopHolding();
                server.getDivision(groupId).close();
                LOG.warn("Closed this node's member of the {} group, whose log failed a write, so that it answers no "
                        + "more for entries it holds only in memory", group);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not close this node's member of the {} group: {}", group, e.toString());
            }
        }, "hexalog-cluster-close-" + group);
        closer.setDaemon(true);
        closer.start();
    }

    /** The leader of {@code group}, wherever it is, asked through this node's questions. */
    private GroupLeader leaderOf(RaftGroup group) {
        return new GroupLeader() {
            @Override
            public byte[] ask(byte[] question) throws IOException {
                return questions.askLeader(group, question);
            }

            @Override
            public AnsweringMember until(CompletableFuture<Void> abandoned) {
                return question -> questions.askLeader(group, question, abandoned);
            }
        };
    }

    /** How the shard of {@code groupId} copies its partitions: asking its leader, through the application. */
    private CommandStateMachine.ShardReplicas shardReplicas(RaftGroupId groupId) {
        GroupLayout.Shard shard = layout.shardOf(groupId).orElseThrow();
        Supplier<CopyReplicaUseCase> copies = replicas;
        FollowerToAsk followerToAsk = new FollowerToAsk();
        return new CommandStateMachine.ShardReplicas(leaderOf(shard.group()),
                () -> followerToAsk(shard, followerToAsk), copies,
                () -> copies.get().hostedPartitions().stream()
                        .filter(partition -> shardOf(partition) == shard.index()).toList(),
                copyPace, new AbsentMembers(settings.snapshots().absentMemberLogRetention(),
                        RatisProperties.absentMarginBytes(settings)));
    }

    /**
     * The index of the shard a partition travels in, or -1 while the metadata log has not told this node of its
     * topic.
     */
    int shardOf(TopicIdPartition partition) {
        return joins.shardOf(partition);
    }

    /**
     * The shard a partition travels in, or would travel in with the default replication factor ({@link GroupJoins}).
     */
    int likelyShardOf(TopicIdPartition partition) {
        return joins.likelyShardOf(partition);
    }

    /** Registers this broker's Kafka endpoint, waiting as long as it takes a majority to come up. */
    private void register() {
        BrokerNode self = settings.self().get();
        byte[] entry = CommandCodec.encode(new CommandCodec.RegisterBroker(self));
        LOG.info("Node {} joined the replication groups; registering broker {}:{} once a majority of {} is up",
                settings.nodeId(), self.host(), self.port(), settings.voters());
        while (true) {
            try {
                RaftClientReply reply = metadataClient.io().send(Messages.of(entry));
                if (reply.isSuccess()) {
                    catchUpTo(reply.getLogIndex());
                    return;
                }
                LOG.info("Registering broker {} failed ({}); trying again", self.nodeId(), reply.getException());
            } catch (IOException e) {
                LOG.info("Node {} still waits for a majority of {} to register", settings.nodeId(),
                        settings.voters());
            }
        }
    }

    /**
     * Waits until this node has applied the metadata log up to its registration, at {@code registration}, as a Kafka
     * broker catches up with the metadata log before it serves: the log before it holds every topic created and
     * every offset committed while this node was down, which the node would otherwise not know for a while. The wait
     * is bounded by the request timeout: a node whose metadata group does not catch up by then serves all the same,
     * says so, and counts as caught up once it is (its readiness says what it waits for meanwhile). A node the
     * metadata leader's log starts past, and that has refused its snapshot, will not catch up by waiting: it stops
     * waiting at once ({@link #metadataCutOff}).
     */
    private void catchUpTo(long registration) {
        CompletableFuture<Void> applied = metadataMachine.whenApplied(registration);
        registrationApplied = applied;
        if (applied.isDone()) {
            return;
        }
        LOG.info("Broker {} registered at index {} of the metadata log; applying the log up to there before serving",
                settings.nodeId(), registration);
        CompletableFuture<Void> refused = whenMetadataCutOff();
        try {
            CompletableFuture.anyOf(applied, refused).get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (applied.isDone()) {
                LOG.info("Broker {} applied the metadata log up to its registration and serves", settings.nodeId());
            } else {
                LOG.warn("Broker {} applied the metadata log only up to index {}, short of its registration at index "
                        + "{}, and cannot go further: the controller's metadata log starts past this node's. It "
                        + "serves meanwhile, and may not know every topic; it must start again while the others run "
                        + "(a broker process restarts itself)",
                        settings.nodeId(), metadataInfo().getLastAppliedIndex(), registration);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while applying the metadata log up to this broker's "
                    + "registration", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Applying the metadata log up to this broker's registration failed", e);
        } catch (TimeoutException e) {
            LOG.warn("Broker {} applied the metadata log only up to index {} within {} ms, short of its registration "
                    + "at index {}; it serves meanwhile, and may not know every topic yet", settings.nodeId(),
                    metadataInfo().getLastAppliedIndex(), settings.requestTimeout().toMillis(), registration);
        }
    }

    /**
     * Whether this node registered in this start and has applied the metadata log up to that registration: until
     * then what it knows of topics, groups and brokers may be older than the cluster's.
     */
    boolean caughtUp() {
        CompletableFuture<Void> applied = registrationApplied;
        return applied != null && applied.isDone();
    }

    /** The metadata group's state machine, whose refusal of the leader's snapshot {@link #whenMetadataCutOff} tells. */
    private CommandStateMachine watchedMetadata(CommandStateMachine machine) {
        machine.whenInstallRefused().thenRun(() -> metadataCutOff.complete(null));
        return machine;
    }

    /** Whether this node refused to install the metadata leader's snapshot over the metadata it applied. */
    boolean metadataCutOff() {
        return metadataCutOff.isDone();
    }

    /**
     * Completes once this node has refused to install the metadata leader's snapshot over the metadata it applied:
     * the others purged their metadata logs past this node's, and it follows the metadata log no more. Only a restart
     * while the others run heals it ({@link StaleMetadataLog}: the node then drops its metadata log and copies the
     * leader's snapshot, keeping its partitions); what holds the node may restart it when this completes. Never
     * completes for a node that follows the metadata log.
     */
    public CompletableFuture<Void> whenMetadataCutOff() {
        return metadataCutOff.copy();
    }

    /** The state machine of this node's member of a shard; null where it has not joined it. */
    CommandStateMachine shardMachine(int shard) {
        return shardMachines.get(layout.shard(shard).group().getGroupId());
    }

    /** The groups that stopped taking entries on this node until it starts again ({@link RestartNeed}). */
    List<String> stoppedGroups() {
        return restartNeed.stoppedGroups();
    }

    /**
     * Completes, with why, once this node must start again to go on following its cluster ({@link RestartNeed}):
     * it was cut off from the metadata log ({@link #whenMetadataCutOff}), or Ratis failed a write of one of its group
     * logs and its data volume has room again. What holds the node may restart it when this completes. Never
     * completes for a node that follows its cluster.
     */
    public CompletableFuture<String> whenRestartNeeded() {
        return restartNeed.whenNeeded();
    }

    /**
     * Every half second: the live brokers (on the metadata leader), the shards this node leads and their in-sync
     * replicas, when the metadata group's followers last held what it committed, whether its data volume is below
     * its reserve, and whether it has room for the start a failed log write needs.
     */
    private void checkLeadership() {
        publishLiveBrokers();
        announceShardLeaders();
        inSync.look();
        lookAtMetadataFollowers();
        room.look();
        restartNeed.look();
    }

    /** On the metadata group's leader: which followers hold what it committed ({@link CaughtUpFollowers}). */
    private void lookAtMetadataFollowers() {
        RaftServer.Division division = metadataDivision;
        if (division == null || !division.getInfo().isLeader()) {
            return;
        }
        List<InSyncReplicas.Follower> followers = Followers.of(division);
        if (followers != null) {
            metadataCaughtUp.look(division.getInfo().getCurrentTerm(), division.getRaftLog().getLastCommittedIndex(),
                    followers, System.currentTimeMillis());
        }
    }

    /**
     * The in-sync replicas of a shard's partitions: this node's own look where it leads the shard, the leader's last
     * announcement elsewhere; null where nothing was announced yet.
     */
    Set<Integer> inSyncReplicas(int shard) {
        return inSync.of(shard);
    }

    /** Every half second from the start: this node keeps its place in each group it holds ({@link PriorityKeeper}). */
    private void keepPriorities() {
        priorities.look();
    }

    /**
     * The groups this node holds whose Raft division and state machine are up, for {@link PriorityKeeper}; not one
     * Ratis closed on its own, which waits for the node's restart ({@link RestartNeed}).
     */
    private List<PriorityKeeper.Group> heldGroups() {
        List<PriorityKeeper.Group> groups = new ArrayList<>();
        if (metadataDivision != null && metadataMachine != null && metadataDivision.getInfo().isAlive()) {
            groups.add(new PriorityKeeper.Group(CommandStateMachine.METADATA_GROUP, layout.metadata(),
                    metadataDivision, metadataMachine, () -> metadataClient));
        }
        for (GroupLayout.Shard shard : layout.shards()) {
            RaftServer.Division division = joins.shard(shard.index());
            CommandStateMachine machine = shardMachines.get(shard.group().getGroupId());
            if (division != null && machine != null && division.getInfo().isAlive()) {
                groups.add(new PriorityKeeper.Group(shard.name(), shard.group(), division, machine,
                        () -> shardClients.of(shard.index())));
            }
        }
        return groups;
    }

    /**
     * Before the node stops, hands the leadership of its groups to other members ({@link LeadershipHandOver}) and
     * waits, up to {@code within}, until it leads no group that another answering member could lead.
     *
     * @return how many groups this node still led, that another member could have led, when it stopped waiting: 0
     *         once every one was handed over
     */
    public int handOverLeaderships(Duration within) {
        return handOver.handOver(within);
    }

    /**
     * Tells this node that it is stopping: from now on it answers so when another node asks
     * ({@link StoppingMembers}), and gives up its place in a group it leads once another member could take it.
     * {@link #handOverLeaderships} begins with it.
     */
    void beginStopping() {
        handOver.begin();
    }

    /** Calls {@code action} with the metadata group and each shard group this node holds, by name. */
    private void forEachGroup(BiConsumer<String, RaftServer.Division> action) {
        if (metadataDivision != null) {
            action.accept(CommandStateMachine.METADATA_GROUP, metadataDivision);
        }
        for (GroupLayout.Shard shard : layout.shards()) {
            RaftServer.Division division = joins.shard(shard.index());
            if (division != null) {
                action.accept(shard.name(), division);
            }
        }
    }

    /** Asks Ratis to hand a group this node leads to {@code target}, or, where null, to the member it chooses. */
    private CompletableFuture<RaftClientReply> transferLeadership(RaftGroupId group, RaftPeerId target)
            throws IOException {
        return server.transferLeadershipAsync(new TransferLeadershipRequest(localClient, server.getId(), group,
                callIds.incrementAndGet(), target, settings.requestTimeout().toMillis()));
    }

    /** Sets a group's members and their priorities through its leader, with the clients this node sends with. */
    private RaftClientReply setConfiguration(RaftGroupId group, List<RaftPeer> peers) throws IOException {
        RaftClient client = group.equals(layout.metadata().getGroupId()) ? metadataClient
                : shardClients.of(layout.shardOf(group).orElseThrow().index());
        return client.admin().setConfiguration(peers);
    }

    /**
     * Announces in the metadata log each shard this node leads, ready, in a term the log does not name yet: nodes
     * outside the shard learn its leader from there.
     */
    private void announceShardLeaders() {
        try {
            for (GroupLayout.Shard shard : layout.shards()) {
                RaftServer.Division division = joins.shard(shard.index());
                if (division == null) {
                    continue;
                }
                DivisionInfo info = division.getInfo();
                if (!info.isLeader() || !info.isLeaderReady()) {
                    continue;
                }
                CommandCodec.ShardLeader self = new CommandCodec.ShardLeader(shard.name(), settings.nodeId(),
                        info.getCurrentTerm());
                if (!self.equals(membership.shardLeader(shard.name())) && announcing.add(shard.name())) {
                    submitMetadata(CommandCodec.encode(self))
                            .whenComplete((reply, failure) -> announcing.remove(shard.name()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Announcing the shards this node leads failed: {}", e.toString());
        }
    }

    /** On the metadata leader: records which brokers it hears from, when that changed. */
    private void publishLiveBrokers() {
        try {
            DivisionInfo info = metadataDivision.getInfo();
            if (!info.isLeader() || !info.isLeaderReady()) {
                return;
            }
            RoleInfoProto role = info.getRoleInfoProto();
            if (!role.hasLeaderInfo()) {
                return;
            }
            Set<Integer> live = new TreeSet<>();
            live.add(settings.nodeId());
            for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
                if (follower.getLastRpcElapsedTimeMs() < LIVENESS_TIMEOUT_MS) {
                    live.add(GroupLayout.nodeId(RaftPeerId.valueOf(follower.getId().getId())));
                }
            }
            if (!live.equals(membership.liveSet())) {
                submitMetadata(CommandCodec.encode(new CommandCodec.LiveBrokers(live)))
                        .exceptionally(failure -> null);
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking which brokers are alive failed: {}", e.toString());
        }
    }

    /** Places a command in its log and completes with its outcome once applied here. */
    <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        CompletableFuture<byte[]> outcome;
        if (command.isPartitionCommand()) {
            TopicIdPartition partition = partitionOf(command);
            int shard = shardOf(partition);
            if (shard < 0) {
                return CompletableFuture.failedFuture(new NotLeaderOrFollowerException(
                        "Node " + settings.nodeId() + " does not know partition " + partition + " yet"));
            }
            if (command instanceof ReplicatedCommand.WriteTxnMarker) {
                outcome = submitToShardLeader(shard, CommandCodec.encode(command)).thenApply(RatisNode::contentOf);
            } else {
                if (!servesAsLeader(shard)) {
                    return CompletableFuture.failedFuture(new NotLeaderOrFollowerException(
                            "Node " + settings.nodeId() + " does not lead partition " + partition + " now"));
                }
                KafkaStorageException noRoom = command instanceof ReplicatedCommand.AppendBatches
                        ? room.refusalFor(shard) : null;
                if (noRoom != null) {
                    return CompletableFuture.failedFuture(noRoom);
                }
                outcome = shardSubmitter.submit(shard, CommandCodec.encode(command));
            }
        } else {
            outcome = submitMetadata(CommandCodec.encode(command)).thenCompose(this::afterLocalApply)
                    .thenApply(RatisNode::contentOf);
        }
        return outcome
                .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((content, failure) -> outcome(command, content, failure));
    }

    /**
     * Places an append in its shard's log and completes once this node, the partition's leader, has placed it in its
     * own log, if it can tell there where the append goes; otherwise once applied, as {@link #submit} does. An
     * append answered before it is applied that then fails, or goes elsewhere, is logged.
     */
    CompletableFuture<ReplicatedCommand.Appended> submitLeaderAcknowledged(ReplicatedCommand.AppendBatches append) {
        TopicIdPartition partition = append.partition();
        int shard = shardOf(partition);
        if (!servesAsLeader(shard)) {
            return submit(append);
        }
        KafkaStorageException noRoom = room.refusalFor(shard);
        if (noRoom != null) {
            return CompletableFuture.failedFuture(noRoom);
        }
        CompletableFuture<ReplicatedCommand.Appended> placed = new CompletableFuture<>();
        CompletableFuture<ReplicatedCommand.Appended> answer = new CompletableFuture<>();
        placed.thenAccept(answer::complete);
        shardSubmitter.submit(shard, CommandCodec.encode(append), placed)
                .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((content, failure) -> outcome(append, content, failure))
                .whenComplete((applied, failure) -> {
                    boolean answeredNow = failure == null ? answer.complete(applied)
                            : answer.completeExceptionally(failure);
                    if (!answeredNow) {
                        checkPlacedAppend(partition, placed.join(), applied, failure);
                    }
                });
        return answer;
    }

    /** Logs an append answered once placed (acks=1) that applying lost or put elsewhere. */
    private static void checkPlacedAppend(TopicIdPartition partition, ReplicatedCommand.Appended told,
                                          ReplicatedCommand.Appended applied, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("An acks=1 append to {} answered at offset {} is not known to be applied ({}): unless a majority "
                    + "took it before, it is lost", partition, told.firstOffset(), cause.getMessage());
        } else if (applied.firstOffset() != told.firstOffset()) {
            LOG.warn("An acks=1 append to {} answered at offset {} was applied at offset {}", partition,
                    told.firstOffset(), applied.firstOffset());
        }
    }

    private boolean leadsMetadata() {
        RaftServer.Division division = metadataDivision;
        return division != null && division.getInfo().isLeader();
    }

    /**
     * Appends a {@link CommandCodec.CommitAnnouncement} to the metadata log through this node's own member, off the
     * thread that applies entries; completes once it is applied here (unsuccessfully if this node no longer leads).
     */
    private CompletableFuture<RaftClientReply> announceCommit() {
        byte[] announcement = CommandCodec.encode(new CommandCodec.CommitAnnouncement());
        return CompletableFuture.supplyAsync(() -> submitHere(layout.metadata().getGroupId(), announcement), liveness)
                .thenCompose(reply -> reply);
    }

    /** Hands an entry to this node's member of the shard, which must lead it. */
    private CompletableFuture<RaftClientReply> sendToShard(int shard, byte[] entry, long callId) {
        return submitHere(layout.shard(shard).group().getGroupId(), entry, callId);
    }

    /** Where the appends of this node's request {@code callId} to the shard go, as its leader placed them. */
    private List<ReplicatedCommand.Appended> placedAppends(int shard, long callId) {
        CommandStateMachine machine = shardMachines.get(layout.shard(shard).group().getGroupId());
        return machine == null ? null : machine.placedAppends(callId);
    }

    /** Hands an entry to this node's own member of a group, which must lead it. */
    private CompletableFuture<RaftClientReply> submitHere(RaftGroupId group, byte[] entry) {
        return submitHere(group, entry, callIds.incrementAndGet());
    }

    private CompletableFuture<RaftClientReply> submitHere(RaftGroupId group, byte[] entry, long callId) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClient)
                .setServerId(server.getId())
                .setGroupId(group)
                .setCallId(callId)
                .setMessage(Messages.of(entry))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The metadata leader answers once it has applied a command; this node answers once it has applied it too,
     * so that what the command changed (a topic created, an offset committed) is visible here when the client is
     * told it succeeded.
     */
    private CompletableFuture<RaftClientReply> afterLocalApply(RaftClientReply reply) {
        CommandStateMachine machine = metadataMachine;
        if (!reply.isSuccess() || machine == null) {
            return CompletableFuture.completedFuture(reply);
        }
        return machine.whenApplied(reply.getLogIndex()).thenApply(applied -> reply);
    }

    /** Sends a partition command to the shard's leader wherever it is; it answers once it applied the command. */
    private CompletableFuture<RaftClientReply> submitToShardLeader(int shard, byte[] entry) {
        ShardClients clients = shardClients;
        if (clients == null) {
            return CompletableFuture.failedFuture(new NotEnoughReplicasException("The cluster is not joined yet"));
        }
        return clients.of(shard).async().send(Messages.of(entry));
    }

    private CompletableFuture<RaftClientReply> submitMetadata(byte[] entry) {
        RaftClient client = metadataClient;
        if (client == null) {
            return CompletableFuture.failedFuture(new NotEnoughReplicasException("The cluster is not joined yet"));
        }
        return client.async().send(Messages.of(entry));
    }

    private static <R> R outcome(ReplicatedCommand<R> command, byte[] content, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof HexalogException known) {
                throw known;
            }
            if (cause instanceof TimeoutException) {
                throw new NotEnoughReplicasException("Too few replicas agreed on the change in time");
            }
            throw new NotLeaderOrFollowerException("The change was not agreed: " + cause.getMessage());
        }
        return Outcomes.read(command, content);
    }

    /**
     * The outcome bytes a reply carries.
     *
     * @throws NotLeaderOrFollowerException if leadership moved while the entry was agreed
     * @throws NotEnoughReplicasException   if the entry was not agreed otherwise
     */
    private static byte[] contentOf(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            RaftException error = reply.getException();
            if (reply.getNotLeaderException() != null || reply.getLeaderNotReadyException() != null
                    || reply.getLeaderSteppingDownException() != null) {
                throw new NotLeaderOrFollowerException("Leadership moved while the change was agreed: " + error);
            }
            throw new NotEnoughReplicasException("The change was not agreed: " + error);
        }
        return reply.getMessage().getContent().toByteArray();
    }

    /**
     * Where this node leads a shard: the member that follows it whose log it knows to hold the most, of those that
     * answer and have not given up their place (their store holds commands, a replica of theirs differs, or they
     * have not finished a copy themselves), passing over one that failed to answer since it last did
     * ({@link FollowerToAsk}); asked as a stale read, answered from what the member applied; null where this node
     * does not lead the shard or no follower qualifies.
     */
    private CommandStateMachine.CopySource followerToAsk(GroupLayout.Shard shard, FollowerToAsk choice) {
        RaftServer.Division division = joins.shard(shard.index());
        List<InSyncReplicas.Follower> followers = division == null || !division.getInfo().isLeader() ? null
                : Followers.of(division);
        if (followers == null) {
            return null;
        }
        return choice.choose(followers)
                .map(follower -> new CommandStateMachine.CopySource(choice.noting(follower.nodeId(),
                        question -> questions.askMember(shard.group(), GroupLayout.peerId(follower.nodeId()),
                                question)),
                        "node " + follower.nodeId() + ", which follows this node"))
                .orElse(null);
    }

    /**
     * Asks the shard's leader, wherever it is, to hand the leadership to the shard's preferred node (Raft
     * priority lets a group's leadership move only to its highest-priority member, which is that node), and
     * returns once the old leader has seen the preferred node take over. Blocks; never call from an event loop.
     *
     * @throws PreferredLeaderNotAvailableException if the preferred node refused, or did not take over within
     *                                              {@code timeout}
     */
    void transferToPreferred(int shard, Duration timeout) {
        RaftPeerId preferred = GroupLayout.peerId(layout.shard(shard).preferredLeader());
        String name = layout.shard(shard).name();
        try (RaftClient client = ClientRetries.client(properties, layout.shard(shard).group(),
                ClientRetries.within(timeout))) {
            RaftClientReply reply = client.admin().transferLeadership(preferred, timeout.toMillis());
            if (!reply.isSuccess()) {
                throw new PreferredLeaderNotAvailableException("Node " + GroupLayout.nodeId(preferred)
                        + " did not take the leadership of " + name + " over: " + reply.getException());
            }
        } catch (IOException e) {
            throw new PreferredLeaderNotAvailableException("Node " + GroupLayout.nodeId(preferred)
                    + " did not take the leadership of " + name + " over: " + rootMessage(e));
        }
    }

    private static TopicIdPartition partitionOf(ReplicatedCommand<?> command) {
        if (command instanceof ReplicatedCommand.AppendBatches append) {
            return append.partition();
        }
        if (command instanceof ReplicatedCommand.WriteTxnMarker marker) {
            return marker.partition();
        }
        return ((ReplicatedCommand.AdvanceLogStartOffset) command).partition();
    }

    int nodeId() {
        return settings.nodeId();
    }

    /** The shortest time a follower waits for its leader before it may stand for election. */
    Duration electionTimeoutMin() {
        return settings.electionTimeoutMin();
    }

    /** The longest of the random times a follower waits for its leader before it may stand for election. */
    Duration electionTimeoutMax() {
        return settings.electionTimeoutMax();
    }

    GroupLayout layout() {
        return layout;
    }

    Membership membership() {
        return membership;
    }

    /** This node's member of a shard; null if this node is none, or has not joined it yet. */
    DivisionInfo shardInfo(int shard) {
        RaftServer.Division held = shard < 0 ? null : joins.shard(shard);
        return held == null ? null : held.getInfo();
    }

    /** Whether this node leads the shard and has applied what its predecessors committed: it takes appends. */
    private boolean servesAsLeader(int shard) {
        return roleIn(shard) == BecomingLeader.Role.READY;
    }

    /** What this node is in a shard now, for the requests {@link BecomingLeader} holds. */
    private BecomingLeader.Role roleIn(int shard) {
        DivisionInfo info = shardInfo(shard);
        if (info == null || !info.isLeader()) {
            return BecomingLeader.Role.OTHER;
        }
        return info.isLeaderReady() ? BecomingLeader.Role.READY : BecomingLeader.Role.ELECTED;
    }

    /**
     * Completes with true once this node serves the shard as its leader, waiting a little if it was just elected
     * ({@link BecomingLeader}); with false if it does not lead it.
     */
    CompletableFuture<Boolean> whenShardLeaderReady(int shard) {
        return becomingLeader.whenReady(shard);
    }

    /** Whether requests for the shard are held until this node serves it: a new one must wait behind them. */
    boolean holdsRequestsFor(int shard) {
        return becomingLeader.holding(shard);
    }

    /** The other nodes this node has heard nothing from, in any of its groups, for an election timeout. */
    Set<Integer> silentPeers() {
        List<DivisionInfo> members = new ArrayList<>(layout.shards().size() + 1);
        members.add(metadataInfo());
        for (int shard = 0; shard < layout.shards().size(); shard++) {
            members.add(shardInfo(shard));
        }
        return SilentPeers.among(members, settings.electionTimeoutMin());
    }

    /**
     * The metadata quorum as the metadata group's leader sees it ({@link MetadataQuorumAnswer}): this node's own view
     * where it leads the group, else the leader's answer, asked off the caller's thread for up to the request timeout.
     */
    CompletableFuture<MetadataQuorum> metadataQuorum() {
        RaftServer.Division division = metadataDivision;
        if (division != null && division.getInfo().isLeader()) {
            try {
                return CompletableFuture.completedFuture(events.metadataQuorumAsLeader());
            } catch (IllegalStateException e) {
                // no longer its leader: ask the one that is
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return MetadataQuorumAnswer.decode(questions.askLeader(layout.metadata(),
                        MetadataQuorumAnswer.question()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, quorumQuestions);
    }

    DivisionInfo metadataInfo() {
        RaftServer.Division held = metadataDivision;
        return held == null ? null : held.getInfo();
    }

    @Override
    public void close() {
        closing = true;
        copyPace.close();
        becomingLeader.close();
        readiness.shutdownNow();
        liveness.shutdownNow();
        quorumQuestions.shutdownNow();
        replicaChecks.shutdownNow();
        joins.close();
        priorities.close();
        if (shardSubmitter != null) {
            shardSubmitter.close();
        }
        // commands held for a failed store would keep the groups' applying, and so the server's stop, waiting
        shardMachines.values().forEach(CommandStateMachine::stopHolding);
        if (metadataMachine != null) {
            metadataMachine.stopHolding();
        }
        try {
            if (shardClients != null) {
                shardClients.close();
            }
            if (metadataClient != null) {
                metadataClient.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing the Raft server failed: {}", e.toString());
        }
    }

    /** The deepest cause of a failure, with its kind: what Ratis' wrapped exceptions come down to. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
