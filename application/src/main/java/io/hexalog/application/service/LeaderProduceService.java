package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemotePartitionLeader;

import java.util.concurrent.CompletableFuture;

/**
 * Produce for the driving adapters that are not Kafka clients, appended by whichever broker leads the partition:
 * this one where it leads, the leader on another broker of a cluster otherwise, sent a Produce over the Kafka
 * protocol. A Kafka client sending to a broker that does not lead gets NOT_LEADER_OR_FOLLOWER and goes to the leader
 * itself. Transactional appends are never forwarded: a transaction's producer talks to the leaders itself.
 */
final class LeaderProduceService implements ProduceUseCase {

    private final ProduceUseCase local;
    private final ClusterView cluster;
    private final RemotePartitionLeader remote;

    LeaderProduceService(ProduceUseCase local, ClusterView cluster, RemotePartitionLeader remote) {
        this.local = local;
        this.cluster = cluster;
        this.remote = remote;
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRecordsCommand command) {
        if (cluster.leads(command.partition()) || command.transactionalId().isPresent()) {
            return local.append(command);
        }
        return LeaderLookup.leaderOf(cluster, command.partition())
                .thenCompose(leader -> remote.produce(leader, command.partition().topicPartition(), command.batches()))
                .thenApply(appended -> new AppendResult(appended.baseOffset(), appended.logAppendTime(),
                        appended.logStartOffset(), true));
    }
}
