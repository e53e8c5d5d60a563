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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
        CommandCodec.Decoded decoded;
        try {
            decoded = CommandCodec.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
        } catch (RuntimeException e) {
            LOG.error("Entry {} of {} cannot be read and is skipped: {}", entry.getIndex(), name, e.getMessage());
            return CompletableFuture.completedFuture(message(Outcomes.failure(e)));
        }
        if (decoded.clusterEntry() != null) {
            applyClusterEntry(decoded.clusterEntry());
            return CompletableFuture.completedFuture(message(Outcomes.success(null)));
        }
        CompletableFuture<?> applied;
        try {
            applied = applier.apply(decoded.command(), (int) entry.getTerm());
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.handle((value, failure) -> failure == null
                ? message(Outcomes.success(value))
                : message(Outcomes.failure(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure)));
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
