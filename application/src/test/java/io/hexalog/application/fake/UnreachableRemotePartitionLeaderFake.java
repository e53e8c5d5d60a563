package io.hexalog.application.fake;

import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** No other broker can be reached: every lookup fails with NOT_LEADER_OR_FOLLOWER, as a single broker's. */
public final class UnreachableRemotePartitionLeaderFake implements RemotePartitionLeader {

    @Override
    public CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition, long timestamp,
                                                          boolean readCommitted) {
        return CompletableFuture.failedFuture(unreachable(leader));
    }

    @Override
    public CompletableFuture<Appended> produce(BrokerNode leader, TopicPartition partition, List<RecordBatch> batches) {
        return CompletableFuture.failedFuture(unreachable(leader));
    }

    @Override
    public CompletableFuture<Read> fetch(BrokerNode leader, TopicPartition partition, long fetchOffset, int maxBytes,
                                         Duration maxWait, int minBytes) {
        return CompletableFuture.failedFuture(unreachable(leader));
    }

    private static NotLeaderOrFollowerException unreachable(BrokerNode leader) {
        return new NotLeaderOrFollowerException("node " + leader.nodeId() + " cannot be reached");
    }
}
