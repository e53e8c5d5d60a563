package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A partition's leader on another broker, in a cluster of one: the broker leads every partition itself, so there is
 * no other broker to ask, and a question for one fails as one that cannot be reached would.
 */
public final class SingleNodeRemotePartitionLeader implements RemotePartitionLeader {

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
        return new NotLeaderOrFollowerException("A single broker reaches no other broker, such as node " + leader.nodeId());
    }
}
