package io.hexalog.domain.log;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.policy.Decision;

/**
 * How many of a partition's replicas must be in sync for it to take an acks=all produce
 * ({@code min.insync.replicas}; Kafka's default, 1).
 *
 * <p>As in Kafka, the requirement never exceeds the partition's replicas: a topic of one replica with
 * {@code min.insync.replicas=2} takes writes. A cluster acknowledges an acks=all batch once a majority of the
 * partition's replicas hold it, and guarantees no more: a requirement above that majority (3 of 3 replicas) would
 * be a promise it does not keep, so such a topic is refused rather than served with less.
 */
public record MinInSyncReplicasPolicy(int minInSyncReplicas) {

    /** Kafka's default: the leader alone may take acks=all writes. */
    public static final int KAFKA_DEFAULT = 1;

    public MinInSyncReplicasPolicy {
        if (minInSyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1: " + minInSyncReplicas);
        }
    }

    /** The requirement for a partition of {@code replicas} replicas: never more than it has. */
    public int effective(int replicas) {
        return Math.min(minInSyncReplicas, replicas);
    }

    /**
     * Accepts a topic of {@code replicationFactor} replicas whose requirement a majority of them meets; refuses one
     * whose requirement asks for more with {@link InvalidConfigurationException}.
     */
    public Decision checkServable(int replicationFactor) {
        int majority = replicationFactor / 2 + 1;
        if (effective(replicationFactor) > majority) {
            return Decision.reject(new InvalidConfigurationException("Invalid value " + minInSyncReplicas
                    + " for configuration min.insync.replicas: a topic of replication factor " + replicationFactor
                    + " is acknowledged with acks=all once a majority of its replicas (" + majority
                    + ") hold a batch, so it takes at most " + majority));
        }
        return Decision.accept();
    }

    /**
     * Accepts an acks=all append to a partition of {@code replicas} replicas of which {@code inSync} are in sync;
     * refuses it with {@link NotEnoughReplicasException}, which producers retry, where too few are.
     */
    public Decision checkAppend(String partition, int replicas, int inSync) {
        int required = effective(replicas);
        if (inSync < required) {
            return Decision.reject(new NotEnoughReplicasException("The size of the current in-sync replicas ("
                    + inSync + ") is insufficient to satisfy the min.isr requirement of " + required
                    + " for partition " + partition));
        }
        return Decision.accept();
    }
}
