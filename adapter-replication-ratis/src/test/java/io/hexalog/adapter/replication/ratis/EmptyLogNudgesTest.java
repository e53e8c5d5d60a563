package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EmptyLogNudgesTest {

    private static final long SECOND = 1_000_000_000L;

    private final EmptyLogNudges nudges = new EmptyLogNudges(Duration.ofSeconds(3));

    @Test
    void shouldNudgeOnlyOnceAMemberHasHeldNothingForTheWholeWaitAndThenAfterEveryWait() {
        assertThat(nudges.shouldNudge("metadata", true, true, 0)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, true, 2 * SECOND)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, true, 3 * SECOND)).isTrue();
        assertThat(nudges.shouldNudge("metadata", true, true, 4 * SECOND)).as("just nudged").isFalse();
        assertThat(nudges.shouldNudge("metadata", true, true, 6 * SECOND)).as("still nothing, a wait later").isTrue();
    }

    @Test
    void shouldStartWaitingAgainOnceTheMemberHeldSomethingAndKeepEachGroupApart() {
        nudges.shouldNudge("shard-0", true, true, 0);
        nudges.shouldNudge("shard-1", true, true, 0);
        assertThat(nudges.shouldNudge("shard-0", false, true, 2 * SECOND)).isFalse();

        assertThat(nudges.shouldNudge("shard-0", true, true, 3 * SECOND)).as("waiting again since 3 s").isFalse();
        assertThat(nudges.shouldNudge("shard-1", true, true, 3 * SECOND)).isTrue();
        assertThat(nudges.shouldNudge("shard-0", true, true, 6 * SECOND)).isTrue();
    }

    @Test
    void shouldKeepCountingThroughMomentsWithoutALeaderAndAskOnlyWhileFollowingOne() {
        // a member the leader sends refused entries, then nothing, goes into elections it cannot win every few seconds
        assertThat(nudges.shouldNudge("metadata", true, true, 0)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, false, 2 * SECOND)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, true, 2 * SECOND + SECOND / 2)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, false, 3 * SECOND)).as("no leader to ask").isFalse();
        assertThat(nudges.shouldNudge("metadata", true, true, 4 * SECOND)).as("following again, waited 4 s")
                .isTrue();
    }

    @Test
    void shouldNotCountTheTimeBeforeTheMemberFirstFollowedALeader() {
        // a member of a new group waits for a majority, then holds the first entry a round trip after the election
        assertThat(nudges.shouldNudge("shard-0", true, false, 0)).isFalse();
        assertThat(nudges.shouldNudge("shard-0", true, false, 30 * SECOND)).isFalse();
        assertThat(nudges.shouldNudge("shard-0", true, true, 31 * SECOND)).as("just elected its first leader")
                .isFalse();
        assertThat(nudges.shouldNudge("shard-0", false, true, 31 * SECOND + SECOND / 2)).isFalse();
    }
}
