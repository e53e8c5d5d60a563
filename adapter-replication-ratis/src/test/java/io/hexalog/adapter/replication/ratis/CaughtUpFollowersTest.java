package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.InSyncReplicas.Follower;
import io.hexalog.domain.cluster.MetadataQuorum;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaughtUpFollowersTest {

    private static final long TERM = 4;
    private static final int PRIORITY = 1;

    private final CaughtUpFollowers caughtUp = new CaughtUpFollowers();

    @Test
    void shouldKeepWhenAFollowerLastHeldWhatWasCommittedWhileItFallsBehind() {
        caughtUp.look(TERM, 40, List.of(follower(2, 40), follower(3, 41)), 1_000);
        caughtUp.look(TERM, 45, List.of(follower(2, 41), follower(3, 45)), 1_500);

        assertThat(caughtUp.lastCaughtUp(TERM, 2)).isEqualTo(1_000);
        assertThat(caughtUp.lastCaughtUp(TERM, 3)).isEqualTo(1_500);
    }

    @Test
    void shouldNotKnowAFollowerNeverSeenCaughtUpNorTheTimesOfAnotherTerm() {
        caughtUp.look(TERM, 40, List.of(follower(2, 40), follower(3, 12)), 1_000);

        assertThat(caughtUp.lastCaughtUp(TERM, 3)).isEqualTo(MetadataQuorum.UNKNOWN);
        assertThat(caughtUp.lastCaughtUp(TERM + 1, 2)).isEqualTo(MetadataQuorum.UNKNOWN);

        caughtUp.look(TERM + 1, 50, List.of(follower(2, 44)), 2_000);
        assertThat(caughtUp.lastCaughtUp(TERM + 1, 2)).as("a new term forgets the last")
                .isEqualTo(MetadataQuorum.UNKNOWN);
    }

    private static Follower follower(int nodeId, long matchIndex) {
        return new Follower(nodeId, matchIndex, 0, PRIORITY);
    }
}
