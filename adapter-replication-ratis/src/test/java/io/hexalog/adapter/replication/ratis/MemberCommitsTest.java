package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.hexalog.adapter.replication.ratis.GroupLayout.peerId;
import static org.assertj.core.api.Assertions.assertThat;

class MemberCommitsTest {

    private static final RaftPeerId ONE = peerId(1);
    private static final RaftPeerId TWO = peerId(2);
    private static final RaftPeerId THREE = peerId(3);

    @Test
    void shouldTakeTheLowestCommitIndexOfEveryMemberButThoseLeftOut() {
        MemberCommits members = new MemberCommits(ONE, Map.of(ONE, 90L, TWO, 70L, THREE, 12L), null);

        assertThat(members.lowestCommitIndex(Set.of())).isEqualTo(12);
        assertThat(members.lowestCommitIndex(Set.of(THREE))).isEqualTo(70);
        assertThat(members.lowestCommitIndex(Set.of(ONE, TWO, THREE))).isEqualTo(-1);
    }

    @Test
    void shouldNameTheOtherMembersFurthestFromAnIndexNeverThisNode() {
        MemberCommits members = new MemberCommits(ONE, Map.of(ONE, 5L, TWO, 40L, THREE, 40L), null);

        assertThat(members.furthestBehind(50)).containsExactlyInAnyOrder(2, 3);
        assertThat(members.furthestBehind(40)).isEmpty();

        MemberCommits oneFurther = new MemberCommits(ONE, Map.of(ONE, 50L, TWO, 48L, THREE, 20L), null);
        assertThat(oneFurther.furthestBehind(50)).containsExactly(3);
    }

    @Test
    void shouldGiveTheOtherMembersCommitIndexesWithoutThisNodes() {
        MemberCommits members = new MemberCommits(TWO, Map.of(ONE, 9L, TWO, 8L, THREE, 7L), null);

        assertThat(members.others()).isEqualTo(Map.of(ONE, 9L, THREE, 7L));
    }

    @Test
    void shouldKnowTheFollowersMatchIndexOnlyWhereThisNodeLeads() {
        assertThat(new MemberCommits(ONE, Map.of(ONE, 9L), new long[] {31, 17}).lowestFollowerMatchIndex())
                .isEqualTo(17);
        assertThat(new MemberCommits(ONE, Map.of(ONE, 9L), null).lowestFollowerMatchIndex()).isEqualTo(-1);
        assertThat(new MemberCommits(ONE, Map.of(ONE, 9L), new long[0]).lowestFollowerMatchIndex())
                .isEqualTo(Long.MAX_VALUE);
    }
}
