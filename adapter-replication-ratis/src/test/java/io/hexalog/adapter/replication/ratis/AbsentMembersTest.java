package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AbsentMembersTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MARGIN = 1_000;
    private static final RaftPeerId TWO = RaftPeerId.valueOf("node-2");
    private static final RaftPeerId THREE = RaftPeerId.valueOf("node-3");

    private final AbsentMembers members = new AbsentMembers(Duration.ofSeconds(60), MARGIN);

    @Test
    void shouldCountAMemberAbsentOnceItsCommitIndexStoodStillForTheTimeAndTheMarginApplied() {
        members.look(Map.of(TWO, 50L, THREE, 50L), 0, 0);
        members.look(Map.of(TWO, 90L, THREE, 50L), 600, 30 * SECOND);
        members.look(Map.of(TWO, 130L, THREE, 50L), 1_200, 59 * SECOND);

        assertThat(members.absent(1_200, 59 * SECOND)).as("before the time").isEmpty();
        assertThat(members.absent(1_200, 60 * SECOND)).containsExactly(THREE);
    }

    @Test
    void shouldKeepTheLogForAMemberUntilMoreThanTheMarginWasAppliedSinceItStopped() {
        members.look(Map.of(TWO, 50L), 500, 0);

        assertThat(members.absent(500, 3_600 * SECOND)).as("nothing applied in an hour").isEmpty();
        assertThat(members.absent(500 + MARGIN, 3_600 * SECOND)).as("the margin applied").isEmpty();
        assertThat(members.absent(501 + MARGIN, 3_600 * SECOND)).containsExactly(TWO);
    }

    @Test
    void shouldStartCountingAgainWhenTheMembersCommitIndexMoves() {
        members.look(Map.of(TWO, 50L), 0, 0);
        members.look(Map.of(TWO, 51L), 5_000, 100 * SECOND);

        assertThat(members.absent(5_000, 100 * SECOND)).isEmpty();
        assertThat(members.absent(10_000, 159 * SECOND)).isEmpty();
        assertThat(members.absent(10_000, 160 * SECOND)).containsExactly(TWO);
    }

    @Test
    void shouldNotCountAMemberAbsentWhileItCopiesFromThisNodeAndCountFromItsLastQuestion() {
        members.look(Map.of(TWO, 50L), 0, 0);
        members.copying(TWO, 30 * SECOND);
        members.look(Map.of(TWO, 50L), 1_000, 40 * SECOND);
        members.copying(TWO, 80 * SECOND);
        members.look(Map.of(TWO, 50L), 2_000, 90 * SECOND);

        assertThat(members.absent(5_000, 120 * SECOND)).as("a minute after it started copying").isEmpty();
        assertThat(members.absent(5_000, 149 * SECOND)).isEmpty();
        assertThat(members.absent(5_000, 150 * SECOND)).as("a minute after the look that saw its last question")
                .containsExactly(TWO);
    }

    @Test
    void shouldForgetAMemberThatLeftTheGroup() {
        members.look(Map.of(TWO, 50L, THREE, 50L), 0, 0);
        members.look(Map.of(TWO, 50L), 0, SECOND);

        assertThat(members.absent(MARGIN + 1, 60 * SECOND)).containsExactly(TWO);
    }

    @Test
    void shouldRefuseNoRetention() {
        assertThatThrownBy(() -> new AbsentMembers(Duration.ZERO, MARGIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
