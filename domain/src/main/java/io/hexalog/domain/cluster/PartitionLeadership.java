package io.hexalog.domain.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Who leads a partition and in which leader epoch, with its replica set, in-sync replicas and the replicas
 * whose storage is offline. Clients use the epoch to fence stale metadata (KIP-320).
 *
 * @param leaderId        the leader's node ID, or {@link #NO_LEADER}
 * @param offlineReplicas replicas whose storage failed (KIP-112); none of them leads or is in sync
 * @param electing        whether a leader is being elected: the partition has none, and has had none for less
 *                        time than an election takes, so that clients may well find one if they ask again at once
 */
public record PartitionLeadership(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> inSyncReplicas,
                                  List<Integer> offlineReplicas, boolean electing) {

    /** Kafka's leader ID for a partition no broker leads. */
    public static final int NO_LEADER = -1;

    public PartitionLeadership {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
        offlineReplicas = List.copyOf(offlineReplicas);
        if (leaderId != NO_LEADER && offlineReplicas.contains(leaderId)) {
            throw new IllegalArgumentException("An offline replica cannot lead: " + leaderId);
        }
        if (leaderId != NO_LEADER && electing) {
            throw new IllegalArgumentException("A partition led by " + leaderId + " is not electing a leader");
        }
    }

    /** A partition with a leader, or without one and no election under way. */
    public PartitionLeadership(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> inSyncReplicas,
                               List<Integer> offlineReplicas) {
        this(leaderId, leaderEpoch, replicas, inSyncReplicas, offlineReplicas, false);
    }

    /** A partition none of whose replicas is offline. */
    public PartitionLeadership(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> inSyncReplicas) {
        this(leaderId, leaderEpoch, replicas, inSyncReplicas, List.of());
    }

    /**
     * The same partition once the replica on {@code nodeId} went offline: it is no longer in sync, and if it
     * led, the partition has no leader (a single broker has no other replica to elect) and none is being elected.
     */
    public PartitionLeadership withReplicaOffline(int nodeId) {
        if (offlineReplicas.contains(nodeId)) {
            return this;
        }
        List<Integer> offline = new ArrayList<>(offlineReplicas);
        offline.add(nodeId);
        boolean led = leaderId == nodeId;
        return new PartitionLeadership(led ? NO_LEADER : leaderId, leaderEpoch, replicas,
                inSyncReplicas.stream().filter(replica -> replica != nodeId).toList(), offline, electing && !led);
    }

    /** Whether no broker leads the partition because its leader's storage is offline. */
    public boolean isLeaderOffline() {
        return leaderId == NO_LEADER && !offlineReplicas.isEmpty();
    }
}
