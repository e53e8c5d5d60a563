package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InSyncReplicasTest {

    /** Silent for as long as it takes to no longer count as answering the leader. */
    private static final long SILENT = InSyncReplicas.Follower.ANSWERING_WITHIN_MS;

    private static final Duration LAG_MAX = Duration.ofSeconds(10);
    private static final int LEADER = 1;
    /** A member's priority where it has not given up its place. */
    private static final int OTHER_PRIORITY = 1;

    /** Nanoseconds at {@code seconds} into the test. */
    private static long at(double seconds) {
        return 1_000_000_000L + (long) (seconds * 1e9);
    }

    private static InSyncReplicas.Follower holding(int nodeId, long matchIndex) {
        return new InSyncReplicas.Follower(nodeId, matchIndex, 0, OTHER_PRIORITY);
    }

    private static InSyncReplicas startedWith(Integer... inSync) {
        return new InSyncReplicas("shard-0", LEADER, 4, List.of(inSync), LAG_MAX, at(0));
    }

    @Test
    void shouldKeepFollowersThatHoldWhatTheLeaderCommittedAndAlwaysTheLeader() {
        InSyncReplicas replicas = startedWith(1, 2, 3);

        assertThat(replicas.current()).containsExactly(1, 2, 3);
        long commit = 0;
        for (double second = 0.5; second < 60; second += 0.5) {
            commit += 100;
            // one follower right at the commit index, the other always a few entries behind it
            assertThat(replicas.look(at(second), commit, List.of(holding(2, commit), holding(3, commit - 7))))
                    .as("at %s s", second).containsExactly(1, 2, 3);
        }
    }

    @Test
    void shouldDropAFollowerThatHasNotCaughtUpForTheLagMaxAndNotBefore() {
        InSyncReplicas replicas = startedWith(1, 2, 3);
        replicas.look(at(0.5), 100, List.of(holding(2, 100), holding(3, 100)));

        // from here node 3's log stays at 100 while the leader commits more every half second
        long commit = 100;
        double second = 1;
        for (; second <= 10.5; second += 0.5) {
            commit += 50;
            assertThat(replicas.look(at(second), commit, List.of(holding(2, commit), holding(3, 100))))
                    .as("caught up with the commit index at 0.5 s, at %s s", second).containsExactly(1, 2, 3);
        }
        commit += 50;
        assertThat(replicas.look(at(second), commit, List.of(holding(2, commit), holding(3, 100))))
                .as("more than 10 s after it last held what the leader had committed").containsExactly(1, 2);
    }

    @Test
    void shouldKeepAFollowerThatLagsButKeepsReachingWhereTheLeaderWasLately() {
        InSyncReplicas replicas = startedWith(1, 2, 3);
        long commit = 0;
        for (double second = 0.5; second < 60; second += 0.5) {
            commit += 100;
            // node 3 is always 8 s of commits behind: never at the commit index, yet within the lag
            long behind = Math.max(0, commit - 1_600);
            assertThat(replicas.look(at(second), commit, List.of(holding(2, commit), holding(3, behind))))
                    .as("at %s s", second).contains(3);
        }
    }

    @Test
    void shouldDropAFollowerThatStoppedAnsweringOrGaveUpItsPlaceAtOnce() {
        InSyncReplicas replicas = startedWith(1, 2, 3);
        replicas.look(at(0.5), 100, List.of(holding(2, 100), holding(3, 100)));

        assertThat(replicas.look(at(1), 100, List.of(new InSyncReplicas.Follower(2, 100, SILENT, OTHER_PRIORITY),
                new InSyncReplicas.Follower(3, 100, 0, YieldedPriorities.YIELDED_PRIORITY)))).containsExactly(1);
        assertThat(replicas.current()).containsExactly(1);
    }

    @Test
    void shouldTakeAFollowerBackOnlyOnceItsLogReachesWhatTheLeaderHadCommittedAtThePreviousLook() {
        InSyncReplicas replicas = startedWith(1, 2);
        replicas.look(at(0.5), 1_000, List.of(holding(2, 1_000), holding(3, 400)));

        assertThat(replicas.look(at(1), 1_100, List.of(holding(2, 1_100), holding(3, 900))))
                .as("catching up, short of 1,000").containsExactly(1, 2);
        assertThat(replicas.look(at(1.5), 1_200, List.of(holding(2, 1_200), holding(3, 1_099))))
                .as("still short of 1,100").containsExactly(1, 2);
        assertThat(replicas.look(at(2), 1_300, List.of(holding(2, 1_300), holding(3, 1_200))))
                .as("reached 1,200, what the leader had committed at the previous look").containsExactly(1, 2, 3);
    }

    @Test
    void shouldNotTakeBackAFollowerThatHoldsTheLogButDoesNotAnswerOrYields() {
        InSyncReplicas replicas = startedWith(1, 2);
        assertThat(replicas.look(at(0.5), 100, List.of(holding(2, 100), holding(3, 50)))).containsExactly(1, 2);

        assertThat(replicas.look(at(1), 100, List.of(holding(2, 100),
                new InSyncReplicas.Follower(3, 100, SILENT, OTHER_PRIORITY)))).containsExactly(1, 2);
        assertThat(replicas.look(at(1.5), 100, List.of(holding(2, 100),
                new InSyncReplicas.Follower(3, 100, 0, YieldedPriorities.YIELDED_PRIORITY)))).containsExactly(1, 2);
        assertThat(replicas.look(at(2), 100, List.of(holding(2, 100), holding(3, 100)))).containsExactly(1, 2, 3);
    }

    @Test
    void shouldGiveTheFollowersItsPredecessorKeptInSyncTheLagMaxFromItsStartToCatchUp() {
        // node 3 was in sync under the previous leader but holds less than this leader committed when it started
        InSyncReplicas replicas = startedWith(2, 3);
        assertThat(replicas.look(at(0), 500, List.of(holding(2, 500), holding(3, 200)))).containsExactly(1, 2, 3);
        assertThat(replicas.look(at(9.5), 500, List.of(holding(2, 500), holding(3, 200)))).containsExactly(1, 2, 3);
        assertThat(replicas.look(at(10.5), 500, List.of(holding(2, 500), holding(3, 200)))).containsExactly(1, 2);
    }

    @Test
    void shouldForgetAMemberThatLeftTheGroup() {
        InSyncReplicas replicas = startedWith(1, 2, 3);

        assertThat(replicas.look(at(0.5), 100, List.of(holding(2, 100)))).isEqualTo(Set.of(1, 2));
        assertThat(replicas.term()).isEqualTo(4);
    }
}
