package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicIdPartition;

import org.apache.kafka.common.Uuid;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * KIP-951: a Produce or Fetch that reached a broker not leading a partition tells the client, with the
 * partition's error, who leads it now and in which epoch, and at the response level where each leader it names
 * listens, so that the client sends the retry to the new leader without refreshing its metadata first. One per
 * response, filled on one thread once the response's partitions are known.
 */
final class LeaderHints {

    /** Kafka's leader ID and epoch when no leader is known. */
    static final int UNKNOWN = -1;

    private final DescribeClusterQuery cluster;
    private final TopicResolver topics;
    private final Map<Integer, BrokerNode> endpoints = new TreeMap<>();

    LeaderHints(DescribeClusterQuery cluster, TopicResolver topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    /**
     * The leader of a partition as the request named it (by topic ID or by name); empty if its topic is gone
     * since, for then there is no leader to name and the client learns it from its metadata.
     */
    Optional<Leader> leaderOf(boolean byId, String topicName, Uuid topicId, int partition) {
        try {
            return Optional.of(leaderOf(topics.resolve(byId, topicName, topicId).partition(partition)));
        } catch (HexalogException e) {
            return Optional.empty();
        }
    }

    /**
     * The partition's leader as this broker knows it, or {@link #UNKNOWN} leader and epoch when it knows none; a
     * leader with a known endpoint is remembered for {@link #endpoints()}.
     */
    private Leader leaderOf(TopicIdPartition partition) {
        PartitionLeadership leadership = cluster.leadership(partition);
        if (leadership.leaderId() == PartitionLeadership.NO_LEADER) {
            return new Leader(UNKNOWN, UNKNOWN);
        }
        for (BrokerNode broker : cluster.brokers()) {
            if (broker.nodeId() == leadership.leaderId()) {
                endpoints.put(broker.nodeId(), broker);
            }
        }
        return new Leader(leadership.leaderId(), leadership.leaderEpoch());
    }

    /** Every leader named so far whose endpoint is known, by node ID. */
    Collection<BrokerNode> endpoints() {
        return endpoints.values();
    }

    /** A partition's leader and leader epoch, as a response names them. */
    record Leader(int id, int epoch) {
    }
}
