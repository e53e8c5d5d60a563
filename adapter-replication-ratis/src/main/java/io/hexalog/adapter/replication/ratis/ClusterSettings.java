package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a node of the cluster is started with.
 *
 * @param nodeId             this node's ID; one of the voters
 * @param voters             every node of the cluster and its replication address ({@code --quorum-voters})
 * @param storageDirectory   where this node keeps its Raft logs (under its {@code --data-dir})
 * @param maxEntryBytes      the largest command an entry must carry: a produce request's batches for one
 *                           partition, so at least {@code message.max.bytes}
 * @param electionTimeoutMin the shortest time a follower waits for its leader before it stands for election
 * @param electionTimeoutMax the longest such time; elections are spread between the two
 * @param requestTimeout     how long a submitted command may wait to be agreed before it fails
 * @param self               this node's Kafka endpoint as clients reach it, asked once the listener is bound
 */
public record ClusterSettings(int nodeId, List<QuorumVoter> voters, Path storageDirectory, int maxEntryBytes,
                              Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
                              Supplier<BrokerNode> self) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public ClusterSettings {
        voters = List.copyOf(voters);
        Objects.requireNonNull(storageDirectory, "storageDirectory");
        Objects.requireNonNull(self, "self");
        if (voters.stream().noneMatch(voter -> voter.nodeId() == nodeId)) {
            throw new IllegalArgumentException("Node ID " + nodeId + " is not among the quorum voters " + voters);
        }
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("The election timeout's maximum must exceed its minimum");
        }
    }

    /** This node's own voter entry. */
    QuorumVoter selfVoter() {
        return voters.stream().filter(voter -> voter.nodeId() == nodeId).findFirst().orElseThrow();
    }
}
