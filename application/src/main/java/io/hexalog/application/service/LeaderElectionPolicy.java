package io.hexalog.application.service;

import io.hexalog.application.port.in.ElectionType;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.ElectionNotNeededException;
import io.hexalog.domain.error.EligibleLeadersNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Optional;
import java.util.Set;

/**
 * Whether an election of a partition's leader is needed and possible, from who leads it now (Kafka's rules for
 * ElectLeaders). A preferred election moves the leadership to the first of the partition's replicas, and only to
 * a live, in-sync one: a broker the cluster lists, since a cluster stops listing a broker it no longer hears
 * from before its replicas leave the in-sync sets. An unclean election is never held: a replicated log elects
 * only a replica that holds every acknowledged record, so a partition without a leader has no replica an unclean
 * election could add.
 */
final class LeaderElectionPolicy {

    private LeaderElectionPolicy() {
    }

    /**
     * Why the election is not held; empty when the leadership should move to the preferred replica.
     *
     * @param listedBrokers the IDs of the brokers the cluster lists now (live)
     * @return {@link ElectionNotNeededException} when the partition is led as asked already,
     *         {@link PreferredLeaderNotAvailableException} when its preferred replica cannot lead,
     *         {@link EligibleLeadersNotAvailableException} for an unclean election of a partition without a leader
     */
    static Optional<HexalogException> refusal(ElectionType type, TopicIdPartition partition,
                                              PartitionLeadership leadership, Set<Integer> listedBrokers) {
        if (type == ElectionType.UNCLEAN) {
            return Optional.of(leadership.leaderId() != PartitionLeadership.NO_LEADER
                    ? new ElectionNotNeededException("Partition " + partition + " has a leader, broker "
                            + leadership.leaderId())
                    : new EligibleLeadersNotAvailableException("Partition " + partition + " has no leader, and only"
                            + " a replica holding every acknowledged record may lead it: no unclean election is held"));
        }
        int preferred = leadership.replicas().get(0);
        if (leadership.leaderId() == preferred) {
            return Optional.of(new ElectionNotNeededException("Partition " + partition
                    + " is led by its preferred replica, broker " + preferred + ", already"));
        }
        if (!leadership.inSyncReplicas().contains(preferred) || leadership.offlineReplicas().contains(preferred)
                || !listedBrokers.contains(preferred)) {
            return Optional.of(new PreferredLeaderNotAvailableException("The preferred replica of partition "
                    + partition + ", broker " + preferred + ", is not alive and in sync"));
        }
        return Optional.empty();
    }
}
