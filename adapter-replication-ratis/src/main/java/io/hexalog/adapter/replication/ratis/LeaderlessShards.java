package io.hexalog.adapter.replication.ratis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Since when each group has had no leader, as this node has seen it, to tell an election under way from a group
 * that cannot elect one (no majority of its members is up).
 *
 * <p>While an election is under way, clients are told that no leader epoch is known: the Java client then asks
 * again at its shortest backoff and reaches the new leader as soon as it serves. A group that stays leaderless
 * longer than an election takes goes back to its epoch, and clients back off between their questions as they do
 * with Kafka, rather than ask ten times a second for as long as the outage lasts.
 */
final class LeaderlessShards {

    private final Map<String, Long> leaderlessSince = new ConcurrentHashMap<>();
    private final long electionNanos;
    private final LongSupplier nanoClock;

    /**
     * @param election  the longest an election takes, from the moment this node first sees the group without a
     *                  leader until a new one serves
     * @param nanoClock the time in nanoseconds ({@link System#nanoTime})
     */
    LeaderlessShards(Duration election, LongSupplier nanoClock) {
        this.electionNanos = election.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Records whether {@code group} has a leader now, and answers whether it is electing one.
     *
     * @return false while it has a leader; true from the first time it has none until an election's time later
     */
    boolean electing(String group, boolean hasLeader) {
        if (hasLeader) {
            leaderlessSince.remove(group);
            return false;
        }
        long now = nanoClock.getAsLong();
        long since = leaderlessSince.computeIfAbsent(group, ignored -> now);
        return now - since < electionNanos;
    }
}
