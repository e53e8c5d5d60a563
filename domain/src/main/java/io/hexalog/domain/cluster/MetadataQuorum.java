package io.hexalog.domain.cluster;

import java.util.List;
import java.util.Objects;

/**
 * The cluster's metadata quorum as its leader sees it, in the terms of Kafka's DescribeQuorum: who leads the
 * replicated metadata log, in which epoch, how far the log is committed, and how far each voter's copy of it reaches.
 * Offsets count entries of that log, the next one to be written or committed ({@code highWatermark} is the first
 * entry not committed yet); a timestamp is the leader's wall clock in milliseconds, or {@link #UNKNOWN}.
 *
 * @param leaderId      the node that leads the metadata log
 * @param leaderEpoch   its epoch, which only grows
 * @param highWatermark the offset after the last committed entry
 * @param voters        every voter, the leader among them, each once
 */
public record MetadataQuorum(int leaderId, int leaderEpoch, long highWatermark, List<Voter> voters) {

    /** A timestamp or offset the leader does not know. */
    public static final long UNKNOWN = -1;

    public MetadataQuorum {
        if (leaderEpoch < 0 || highWatermark < 0) {
            throw new IllegalArgumentException("A quorum's epoch and high watermark are not negative: epoch "
                    + leaderEpoch + ", high watermark " + highWatermark);
        }
        voters = List.copyOf(voters);
        if (voters.stream().noneMatch(voter -> voter.nodeId() == leaderId)) {
            throw new IllegalArgumentException("The leader " + leaderId + " is not among the voters " + voters);
        }
        if (voters.stream().map(Voter::nodeId).distinct().count() != voters.size()) {
            throw new IllegalArgumentException("A voter is listed twice: " + voters);
        }
    }

    /**
     * One voter of the quorum.
     *
     * @param host                  the host of the address the voter replicates on
     * @param port                  its port
     * @param logEndOffset          the offset after the last entry the leader knows the voter holds, or
     *                              {@link #UNKNOWN}
     * @param lastFetchTimestamp    when the voter last answered the leader; {@link #UNKNOWN} for the leader itself
     * @param lastCaughtUpTimestamp the latest time the voter was known to hold every committed entry (now, for the
     *                              leader), or {@link #UNKNOWN}
     */
    public record Voter(int nodeId, String host, int port, long logEndOffset, long lastFetchTimestamp,
                        long lastCaughtUpTimestamp) {

        public Voter {
            Objects.requireNonNull(host, "host");
        }
    }
}
