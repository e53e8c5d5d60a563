package io.hexalog.domain.cluster;

import java.util.List;

/**
 * Who leads a partition and in which leader epoch, with its replica set and in-sync replicas. Clients use
 * the epoch to fence stale metadata (KIP-320).
 */
public record PartitionLeadership(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> inSyncReplicas) {

    public PartitionLeadership {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
    }
}
