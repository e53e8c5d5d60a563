package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.CommandStateMachine.CopySource;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shard member's part in copying partitions between nodes (ADR 14): copying what its partitions lack from the
 * shard's leader when the leader's log starts past what it applied, finishing a copy cut short before the group's
 * log is applied again, and answering, as the leader, the copies of other members.
 *
 * <p>The state machine of the shard ({@link CommandStateMachine}) owns the applied index and the snapshots; it lets
 * this copy see them through {@link Member} and asks it, before it applies an entry, whether a copy is left to
 * finish ({@link #awaitFinished}).
 */
final class ShardCopies {

    /** What a copy needs of the state machine of the shard on this node. */
    interface Member {

        /** The shard's Raft group on this node. */
        RaftServer.Division division() throws IOException;

        /** This node's ID, which a copy's questions carry. */
        int nodeId();

        /** The highest index whose command has been applied here, outcome included. */
        long appliedIndex();

        /** The index of the latest entry whose command was handed to the application, applied or not yet. */
        long lastApplyStarted();

        /** The term and index Ratis counts as applied here; null before anything is. */
        TermIndex lastApplied();

        /** Whether a command the store failed to write is held ({@link HeldApplies}). */
        boolean holdsCommands();

        /** Forces what the store holds of the commands applied up to {@code applied}. */
        void forceApplied(TermIndex applied) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardCopies.class);
    /** Batches are asked for this many bytes at a time, at least one batch (up to message.max.bytes). */
    private static final int REPLICA_CHUNK_BYTES = 1 << 20;
    /** How long one step of a replica copy may take, waiting for this node's metadata among them. */
    private static final Duration REPLICA_COPY_WAIT = Duration.ofSeconds(60);
    /** How the logs name the shard's leader as the member a copy asks. */
    private static final String LEADER = "the shard's leader";
    /**
     * Where a leader answers a copying member's questions, which wait for the store: threads of their own, started
     * when a copy asks and gone a minute after it ends, rather than the common pool, which has one thread on two CPUs.
     */
    private static final ExecutorService COPY_ANSWERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-copy-answers");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final CommandStateMachine.ShardReplicas replicas;
    private final AppliedIndexSnapshots snapshots;
    private final Member member;
    /** How long an unfinished copy waits before it is tried again. */
    private final Duration retryInterval;
    /**
     * Whether a copy from the shard's leader began and has not ended, this run or before this start
     * ({@link AppliedIndexSnapshots#beginCopy}): the group's log is not applied until a copy ends.
     */
    private volatile boolean unfinished;
    /** The last reason finishing a copy failed, logged once however often it is tried again. */
    private final AtomicReference<String> lastCopyFailure = new AtomicReference<>();
    /** The last reason answering a copying member failed, logged once however often it asks again. */
    private final AtomicReference<String> lastAnswerFailure = new AtomicReference<>();
    /** The leader the copy under way asks, which it gives up on once another leads ({@link #leaderChanged}). */
    private final LeaderWatch copyLeader = new LeaderWatch();
    /** Whether a thread of its own finishes an unfinished copy ({@link #finishInBackground}). */
    private final AtomicBoolean finishingInBackground = new AtomicBoolean();
    /** One copy at a time: the one Ratis asks for, or the one the applying thread finishes. */
    private final Object copyLock = new Object();
    /** Counted down when the node stops: an applying thread waiting to finish a copy gives up. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    /**
     * @param snapshots     the shard's snapshots, which record that a copy began and ended
     * @param retryInterval how long an unfinished copy waits before it is tried again
     */
    ShardCopies(String name, CommandStateMachine.ShardReplicas replicas, AppliedIndexSnapshots snapshots,
                Member member, Duration retryInterval) {
        this.name = name;
        this.replicas = replicas;
        this.snapshots = snapshots;
        this.member = member;
        this.retryInterval = retryInterval;
    }

    /**
     * Once the group's snapshots are read at start: a copy a previous run left unfinished is finished before the
     * group's log is applied, and by a thread of its own meanwhile, so that an idle shard finishes too.
     */
    void resumeUnfinished() {
        unfinished = snapshots.copyUnfinished();
        if (unfinished) {
            LOG.warn("This node's copy of the {} group's partitions from its leader was cut short: it copies the "
                    + "rest before it applies the group's log", name);
            finishInBackground();
        }
    }

    /** Whether this node has not finished a copy of the shard's partitions from its leader. */
    boolean unfinished() {
        return unfinished;
    }

    /**
     * Copies what this node's partitions of the shard lack from its leader's, forces them and records a snapshot
     * at the index the leader stood at: Ratis reloads the state machine at it and sends the entries after it.
     *
     * @param firstTermIndexInLog where the leader's log starts, as Ratis told this member
     */
    TermIndex copyFromLeader(TermIndex firstTermIndexInLog) throws IOException {
        synchronized (copyLock) {
            return copyFromLeaderNow(firstTermIndexInLog);
        }
    }

    private TermIndex copyFromLeaderNow(TermIndex firstTermIndexInLog) throws IOException {
        long applied = member.appliedIndex();
        if (applied < 0) {
            LOG.info("This node holds nothing of the {} group and the leader's log starts at index {}: copying the "
                    + "shard's partitions from the leader, {}", name, firstTermIndexInLog.getIndex(), replicas.pace());
        } else {
            LOG.info("This node applied the {} group up to index {} and the leader's log starts at index {}: copying "
                    + "what the shard's partitions here lack from the leader, {}", name, applied,
                    firstTermIndexInLog.getIndex(), replicas.pace());
        }
        if (!unfinished) {
            // an unfinished copy keeps the applying thread from the partitions already
            awaitCommittedApplied();
        }
        snapshots.beginCopy();
        unfinished = true;
        TermIndex resumeAfter;
        try {
            RaftServer.Division division = member.division();
            CompletableFuture<Void> leaderLeft = copyLeader.watch(() -> division.getInfo().getLeaderId());
            resumeAfter = copyFrom(new CopySource(replicas.leader().until(leaderLeft), LEADER));
        } catch (IOException | RuntimeException e) {
            // the next leader may send entries rather than ask again, or nothing at all while the shard is idle
            finishInBackground();
            throw e;
        } finally {
            copyLeader.stop();
        }
        if (resumeAfter.getIndex() < firstTermIndexInLog.getIndex() - 1) {
            throw new IOException("The " + name + " group's leader stood at index " + resumeAfter.getIndex()
                    + ", before its log starts, at index " + firstTermIndexInLog.getIndex());
        }
        member.forceApplied(resumeAfter);
        snapshots.write(resumeAfter);
        ended();
        LOG.info("Copied the {} group's partitions from its leader; this node follows the log after index {}",
                name, resumeAfter.getIndex());
        return resumeAfter;
    }

    /** Told by Ratis that the shard is now led by {@code newLeader}, or by no node: a copy from another gives up. */
    void leaderChanged(RaftPeerId newLeader) {
        copyLeader.leaderChanged(newLeader).ifPresent(left -> LOG.info("The {} group's leader changed during this "
                + "node's copy from {}: the copy stops, and goes on from where each partition ends", name, left));
    }

    /** Once the copied partitions are forced: a restart no longer finds the copy unfinished. */
    private void ended() throws IOException {
        snapshots.endCopy();
        unfinished = false;
    }

    private TermIndex copyFrom(CopySource source) throws IOException {
        return ShardReplicaCopy.copy(source.member(), source.name(), replicas.copies().get(), REPLICA_CHUNK_BYTES,
                REPLICA_COPY_WAIT, replicas.pace(), member.nodeId());
    }

    /**
     * Where an unfinished copy goes on from: the shard's leader; or, where this node came to lead the shard before it
     * finished, a member that follows it, which answers from what it has applied. A leader cannot copy from itself,
     * and serves nothing before it finished; it may not step down for a member either, one whose priority is below
     * its own ({@link NotReadyLeader}).
     */
    private CopySource sourceToFinish() throws IOException {
        RaftServer.Division division = member.division();
        DivisionInfo info = division.getInfo();
        if (!info.isLeader()) {
            if (info.getLeaderId() == null || info.getLeaderId().equals(division.getId())) {
                // a question to the group's leader would wait for one, up to the request timeout, not a second
                throw new IOException("The " + name + " group has no leader yet");
            }
            return new CopySource(replicas.leader(), LEADER);
        }
        CopySource follower = replicas.follower().get();
        if (follower == null) {
            throw new IOException("This node leads the " + name + " group, and no member that follows it answers");
        }
        return follower;
    }

    /**
     * Before the group's applying thread applies an entry: finishes a copy from the shard's leader that was cut
     * short (by a stop, or a leader that changed or failed to answer), since the partitions may hold batches the copy
     * wrote past what their log index says, so an entry applied on top would put its batches at offsets the others
     * do not (ADR 14). A leader that kept its log sends this member the entries after those it holds, rather than a
     * notice to copy; the copy goes on from where each partition ends (from the leader, or from a follower where this
     * node came to lead: {@link #sourceToFinish}), and the entries whose commands the copied partitions hold are then
     * skipped, as after a restart. Tried every retry interval until it ends or the node stops, by Ratis' applying
     * thread, which applies nothing meanwhile, and by a thread of its own, so that an idle shard finishes too
     * ({@link #finishInBackground}); one copy at a time.
     *
     * @return false if the node stopped first
     */
    boolean awaitFinished() throws InterruptedException {
        while (unfinished) {
            if (stopping.getCount() == 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            synchronized (copyLock) {
                if (!unfinished) {
                    break;
                }
                try {
                    CopySource source = sourceToFinish();
                    TermIndex sourceAt = copyFrom(source);
                    // the copied batches and their log indexes are durable before the marker says the copy ended
                    member.forceApplied(sourceAt);
                    ended();
                    LOG.info("Finished copying the {} group's partitions from {}, as they stood at index {}; this "
                            + "node applies the log from where it stands, each partition skipping what it holds", name,
                            source.name(), sourceAt.getIndex());
                    break;
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() != null ? e.getMessage() : e.toString();
                    if (CommandStateMachine.isNew(lastCopyFailure, reason)) {
                        LOG.warn("Finishing the {} group's copy failed, to be tried again: {}", name, reason);
                    }
                }
            }
            if (stopping.await(retryInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Before this node, leading the shard, applies the first entry of its term, after which Ratis takes it for ready:
     * an unfinished copy is finished first, as before a command, so that the leader names itself to clients only once
     * its partitions hold what it applied, even where its snapshot left no command to apply again. A follower goes on
     * at once: it serves nothing, and a leader's snapshot notice may bring a change of members from the copy's own
     * thread.
     */
    void awaitFinishedToLead() throws InterruptedException {
        if (!unfinished) {
            return;
        }
        try {
            if (!member.division().getInfo().isLeader()) {
                return;
            }
        } catch (IOException closing) {
            return;
        }
        if (!awaitFinished()) {
            LOG.info("The node stopped before it finished copying the {} group's partitions; its next start "
                    + "finishes it", name);
        }
    }

    /**
     * Finishes an unfinished copy on a thread of its own ({@link #awaitFinished}), one at a time, from a retry
     * interval on: the node's clients to the leaders are not there yet while its groups open.
     */
    private void finishInBackground() {
        if (!finishingInBackground.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                if (!stopping.await(retryInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    awaitFinished();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finishingInBackground.set(false);
            }
        }, "hexalog-cluster-copy-finish-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until this member has applied every entry its log holds as committed. Ratis commits no more here while
     * the member copies, whose partitions then take no command but the copy.
     */
    private void awaitCommittedApplied() throws IOException {
        RaftLog log = member.division().getRaftLog();
        long deadline = System.nanoTime() + REPLICA_COPY_WAIT.toNanos();
        long committed;
        // an append request taken just before the copy began may still raise the commit index: read it each time
        while (lastAppliedIndex() < (committed = log.getLastCommittedIndex())
                || member.appliedIndex() < member.lastApplyStarted()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("This node's " + name + " group applied the entries it holds up to index "
                        + member.appliedIndex() + ", not up to " + Math.max(committed, member.lastApplyStarted())
                        + ", within " + REPLICA_COPY_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the entries this node holds");
            }
        }
    }

    private long lastAppliedIndex() {
        TermIndex applied = member.lastApplied();
        return applied == null ? RaftLog.INVALID_LOG_INDEX : applied.getIndex();
    }

    /**
     * Answers a copying member's question ({@link ShardReplicaCopy}), as this node leads the shard or follows a
     * leader that has not finished its own copy; off gRPC's threads, since an image waits for the partition's appends
     * in flight to be stored.
     */
    CompletableFuture<Message> answer(byte[] question) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                refuseWhileBehindApplied();
                byte[] answer = ShardReplicaCopy.answer(question, member.lastApplied(), replicas.partitions().get(),
                        replicas.copies().get(), REPLICA_COPY_WAIT, this::copyAsked);
                // a command held meanwhile may be one the answer counts as applied
                refuseWhileBehindApplied();
                return Messages.of(answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, COPY_ANSWERS).whenComplete((answer, failure) -> {
            // a member asks again every second while it cannot copy: the same failure is logged once
            if (failure != null && CommandStateMachine.isNew(lastAnswerFailure, failure.toString())) {
                LOG.warn("Answering a copying member's question about the {} group failed: {}", name,
                        failure.toString());
            }
        });
    }

    /**
     * Refuses to answer a copy while this node's partitions of the shard are not what its applied index says: a
     * command held for its store counts as applied though its batches are not stored, and an unfinished copy may
     * have written batches past it. A member that copied then would skip those entries and hold other offsets; it
     * asks again, or another member.
     */
    private void refuseWhileBehindApplied() throws IOException {
        if (member.holdsCommands() || unfinished) {
            throw new IOException("This node's partitions of the " + name + " group do not match its applied index "
                    + "(a command held for its store, or a copy unfinished): it answers no copy meanwhile");
        }
    }

    /** Notes that a member asks for a copy: it is not absent however long its commit index stands still meanwhile. */
    private void copyAsked(int nodeId) {
        if (nodeId == member.nodeId()) {
            // a node that has not finished a copy and came to lead the group meanwhile
            throw new IllegalStateException("Node " + nodeId + " leads the " + name + " group: it does not copy "
                    + "partitions from itself");
        }
        if (replicas.absent() != null) {
            replicas.absent().copying(GroupLayout.peerId(nodeId), System.nanoTime());
        }
    }

    /** The node stops: a copy waiting to be finished gives up, and is finished at the next start. */
    void stop() {
        stopping.countDown();
    }
}
