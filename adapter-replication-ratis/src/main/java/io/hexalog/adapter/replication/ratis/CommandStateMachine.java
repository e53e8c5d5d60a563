package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machine of one Raft group on one node: hands each committed entry, in log order, to the
 * application's {@link ApplyCommandUseCase} (or, for the cluster's own entries, to the {@link Membership}), and
 * answers with the outcome's bytes.
 *
 * <p>It never throws from {@link #applyTransaction}: Ratis stops a server whose state machine throws, so a
 * command that fails becomes an outcome carrying its error. The entry's Raft term becomes the leader epoch
 * of the batches it appends, which therefore only grows. Nothing is snapshotted: a node that starts applies
 * its whole log again into empty stores (see the cluster ADR).
 */
final class CommandStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(CommandStateMachine.class);

    private final String name;
    private final ApplyCommandUseCase applier;
    private final Membership membership;
    /** Who waits for an entry to be applied here, by the entry's index; completed in index order. */
    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Void>>> waitingForApply =
            new ConcurrentSkipListMap<>();
    /** The highest index whose command has been applied here, outcome included. */
    private final AtomicLong appliedIndex = new AtomicLong(-1);

    /** @param name how the logs name the group: "metadata" or "shard-N" */
    CommandStateMachine(String name, ApplyCommandUseCase applier, Membership membership) {
        this.name = name;
        this.applier = applier;
        this.membership = membership;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        byte[] bytes = entry.getStateMachineLogEntry().getLogData().toByteArray();
        CompletableFuture<byte[]> outcome;
        if (CommandCodec.isSeveral(bytes)) {
            List<CompletableFuture<byte[]>> outcomes = new ArrayList<>();
            for (byte[] command : CommandCodec.parts(bytes)) {
                outcomes.add(applyOne(command, entry));
            }
            outcome = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .thenApply(all -> Outcomes.several(outcomes.stream().map(CompletableFuture::join).toList()));
        } else {
            outcome = applyOne(bytes, entry);
        }
        return outcome.thenApply(applied -> {
            applied(entry.getIndex());
            return message(applied);
        });
    }

    /** Applies one command of the entry; completes with its outcome, never exceptionally. */
    private CompletableFuture<byte[]> applyOne(byte[] bytes, LogEntryProto entry) {
        CommandCodec.Decoded decoded;
        try {
            decoded = CommandCodec.decode(bytes);
        } catch (RuntimeException e) {
            LOG.error("Entry {} of {} cannot be read and is skipped: {}", entry.getIndex(), name, e.getMessage());
            return CompletableFuture.completedFuture(Outcomes.failure(e));
        }
        if (decoded.clusterEntry() != null) {
            applyClusterEntry(decoded.clusterEntry());
            return CompletableFuture.completedFuture(Outcomes.success(null));
        }
        CompletableFuture<?> applied;
        try {
            applied = applier.apply(decoded.command(), (int) entry.getTerm());
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.handle((value, failure) -> failure == null
                ? Outcomes.success(value)
                : Outcomes.failure(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure));
    }

    /**
     * Completes once this node has applied the entry at {@code index} and every one before it, so that a command
     * agreed through another node's leadership can be answered only once its change is visible here too.
     */
    CompletableFuture<Void> whenApplied(long index) {
        if (appliedIndex.get() >= index) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waitingForApply.compute(index, (ignored, waits) -> {
            List<CompletableFuture<Void>> list = waits == null ? new ArrayList<>() : new ArrayList<>(waits);
            list.add(wait);
            return list;
        });
        if (appliedIndex.get() >= index) {
            releaseWaitsUpTo(appliedIndex.get());
        }
        return wait;
    }

    private void applied(long index) {
        appliedIndex.accumulateAndGet(index, Math::max);
        releaseWaitsUpTo(appliedIndex.get());
    }

    private void releaseWaitsUpTo(long index) {
        Map.Entry<Long, List<CompletableFuture<Void>>> first;
        while ((first = waitingForApply.firstEntry()) != null && first.getKey() <= index) {
            List<CompletableFuture<Void>> waits = waitingForApply.remove(first.getKey());
            if (waits != null) {
                waits.forEach(wait -> wait.complete(null));
            }
        }
    }

    private void applyClusterEntry(CommandCodec.ClusterEntry entry) {
        if (entry instanceof CommandCodec.RegisterBroker register) {
            membership.register(register.broker());
            LOG.info("Broker {} registered at {}:{}", register.broker().nodeId(), register.broker().host(),
                    register.broker().port());
        } else if (entry instanceof CommandCodec.LiveBrokers live) {
            membership.live(live.nodeIds());
            LOG.info("Live brokers are now {}", live.nodeIds());
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        LOG.info("The {} group is now led by {}", name, newLeader == null ? "no node" : newLeader);
    }

    private static Message message(byte[] bytes) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
    }
}
