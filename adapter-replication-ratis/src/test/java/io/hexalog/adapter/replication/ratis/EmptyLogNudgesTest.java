package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EmptyLogNudgesTest {

    private static final long SECOND = 1_000_000_000L;

    private final EmptyLogNudges nudges = new EmptyLogNudges(Duration.ofSeconds(3));

    @Test
    void shouldNudgeOnlyOnceAMemberHasHeldNothingUnderALeaderForTheWholeWaitAndThenAfterEveryWait() {
        assertThat(nudges.shouldNudge("metadata", true, 0)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, 2 * SECOND)).isFalse();
        assertThat(nudges.shouldNudge("metadata", true, 3 * SECOND)).isTrue();
        assertThat(nudges.shouldNudge("metadata", true, 4 * SECOND)).as("just nudged").isFalse();
        assertThat(nudges.shouldNudge("metadata", true, 6 * SECOND)).as("still nothing, a wait later").isTrue();
    }

    @Test
    void shouldStartWaitingAgainOnceTheMemberHeldSomethingAndKeepEachGroupApart() {
        nudges.shouldNudge("shard-0", true, 0);
        nudges.shouldNudge("shard-1", true, 0);
        assertThat(nudges.shouldNudge("shard-0", false, 2 * SECOND)).isFalse();

        assertThat(nudges.shouldNudge("shard-0", true, 3 * SECOND)).as("waiting again since 3 s").isFalse();
        assertThat(nudges.shouldNudge("shard-1", true, 3 * SECOND)).isTrue();
        assertThat(nudges.shouldNudge("shard-0", true, 6 * SECOND)).isTrue();
    }
}
