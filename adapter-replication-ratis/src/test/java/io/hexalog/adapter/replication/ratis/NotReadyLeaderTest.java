package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.InSyncReplicas.Follower;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotReadyLeaderTest {

    /** Silent for as long as it takes to no longer count as answering the leader. */
    private static final long SILENT = InSyncReplicas.Follower.ANSWERING_WITHIN_MS;

    private static final long LAST_INDEX = 120;

    @Test
    void shouldStepDownForAFollowerThatHoldsTheWholeLogAndIsNotOfALowerPriority() {
        assertThat(NotReadyLeader.successor(1, LAST_INDEX, List.of(new Follower(2, LAST_INDEX, 0, 1))))
                .hasValue(2);
        assertThat(NotReadyLeader.successor(0, LAST_INDEX, List.of(new Follower(3, LAST_INDEX + 1, 0, 2))))
                .as("a follower that holds more than the leader's last entry sent").hasValue(3);
    }

    @Test
    void shouldStayWhileNoFollowerHoldsTheWholeLogForItWouldNotBeElected() {
        assertThat(NotReadyLeader.successor(1, LAST_INDEX, List.of(new Follower(2, LAST_INDEX - 1, 0, 1),
                new Follower(3, 0, 0, 2)))).isEmpty();
    }

    @Test
    void shouldStayForAFollowerOfALowerPriorityWhichTheLeadersOwnVoteWouldRefuse() {
        assertThat(NotReadyLeader.successor(2, LAST_INDEX, List.of(new Follower(2, LAST_INDEX, 0, 1),
                new Follower(3, LAST_INDEX, 0, 0)))).isEmpty();
    }

    @Test
    void shouldStayForAFollowerThatDoesNotAnswer() {
        assertThat(NotReadyLeader.successor(1, LAST_INDEX, List.of(new Follower(2, LAST_INDEX, SILENT, 2)))).isEmpty();
    }

    @Test
    void shouldPreferTheFollowerOfTheHighestPriorityAmongThoseThatQualify() {
        assertThat(NotReadyLeader.successor(0, LAST_INDEX, List.of(new Follower(1, LAST_INDEX, 0, 1),
                new Follower(2, LAST_INDEX, 0, 2), new Follower(3, LAST_INDEX - 5, 0, 2)))).hasValue(2);
    }
}
