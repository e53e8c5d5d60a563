package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster of one: this broker is the only broker, the controller, and every partition's only replica
 * and leader, in leader epoch 0 (no leader ever changes). It has joined from the start: there is no one to wait for. The broker's address is read each time it is
 * asked for, because a listener started on port 0 learns its port only once it is bound.
 */
public final class SingleNodeClusterView implements ClusterView {

    private static final int LEADER_EPOCH = 0;

    private final String clusterId;
    private final Supplier<BrokerNode> self;

    /**
     * @param clusterId the cluster's ID, not blank
     * @param self      this broker as clients should reach it, asked again on every call
     */
    public SingleNodeClusterView(String clusterId, Supplier<BrokerNode> self) {
        Objects.requireNonNull(clusterId, "clusterId");
        if (clusterId.isBlank()) {
            throw new IllegalArgumentException("cluster id must not be blank");
        }
        this.clusterId = clusterId;
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public BrokerNode localBroker() {
        return self.get();
    }

    @Override
    public List<BrokerNode> brokers() {
        return List.of(self.get());
    }

    @Override
    public int controllerId() {
        return self.get().nodeId();
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        int nodeId = self.get().nodeId();
        return new PartitionLeadership(nodeId, LEADER_EPOCH, List.of(nodeId), List.of(nodeId));
    }

    @Override
    public Optional<String> whyNotJoined() {
        return Optional.empty();
    }

    /** This broker leads every partition: answered without building a leadership. */
    @Override
    public boolean leads(TopicIdPartition partition) {
        return true;
    }
}
