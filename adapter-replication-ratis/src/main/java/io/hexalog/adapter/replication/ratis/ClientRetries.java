package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a node's Raft clients try a request again while a group's leadership moves or a member does not answer: every
 * 200 ms, for as long as the request may wait, or a given number of times.
 */
final class ClientRetries {

    /** How long a client waits between tries. */
    private static final long SLEEP_MS = 200;

    private ClientRetries() {
    }

    /** Tries for as long as {@code timeout} allows, at least once. */
    static RetryPolicy within(Duration timeout) {
        return times((int) Math.max(1, timeout.toMillis() / SLEEP_MS));
    }

    /** Tries {@code tries} times at most. */
    static RetryPolicy times(int tries) {
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(tries,
                TimeDuration.valueOf(SLEEP_MS, TimeUnit.MILLISECONDS));
    }

    /** A client of {@code group} that tries again as {@code retries} says; the caller closes it. */
    static RaftClient client(RaftProperties properties, RaftGroup group, RetryPolicy retries) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setRetryPolicy(retries)
                .build();
    }
}
