package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderlessShardsTest {

    private static final Duration ELECTION = Duration.ofSeconds(6);

    private final AtomicLong now = new AtomicLong(1_000);
    private final LeaderlessShards shards = new LeaderlessShards(ELECTION, now::get);

    @Test
    void shouldSayAGroupWithALeaderIsNotElectingOne() {
        assertThat(shards.electing("shard-0", true)).isFalse();
    }

    @Test
    void shouldSayAGroupIsElectingFromTheFirstTimeItHasNoLeaderUntilAnElectionsTimeLater() {
        assertThat(shards.electing("shard-0", false)).isTrue();
        advance(ELECTION.minusMillis(1));
        assertThat(shards.electing("shard-0", false)).isTrue();

        advance(Duration.ofMillis(1));

        assertThat(shards.electing("shard-0", false)).as("no majority elects a leader").isFalse();
        assertThat(shards.electing("shard-1", false)).as("another group counts from its own start").isTrue();
    }

    @Test
    void shouldCountAgainFromTheNextTimeAGroupThatHadALeaderLosesIt() {
        shards.electing("shard-0", false);
        advance(ELECTION);
        assertThat(shards.electing("shard-0", false)).isFalse();

        assertThat(shards.electing("shard-0", true)).isFalse();
        advance(ELECTION.multipliedBy(10));

        assertThat(shards.electing("shard-0", false)).isTrue();
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
