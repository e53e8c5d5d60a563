package io.hexalog.domain.group;

import io.hexalog.domain.error.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hexalog.domain.group.GroupFixture.REBALANCE_MS;
import static io.hexalog.domain.group.GroupFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupStaticMembershipTest {

    private final GroupFixture fixture = new GroupFixture();

    /** Two static members, "one" leading, stable in generation 1 with assignments {1} and {2}. */
    private List<String> stableStaticGroup() {
        fixture.join(join().instance("one").build());
        fixture.join(join().instance("two").build());
        fixture.finishInitialRebalance();
        List<String> members = fixture.group.members().stream().map(GroupMember::memberId).toList();
        fixture.sync(members.get(1), 1, Map.of());
        fixture.sync(members.get(0), 1, Map.of(members.get(0), new byte[] {1}, members.get(1), new byte[] {2}));
        return members;
    }

    @Test
    void shouldAddAStaticMemberWithoutSendingItBackForAnId() {
        GroupOutcome<JoinResult> outcome = fixture.join(join().instance("one").build());

        assertThat(outcome.parkedAs()).get().asString().startsWith("one-");
    }

    @Test
    void shouldGiveARestartedStaticFollowerItsAssignmentBackWithoutARebalance() {
        List<String> members = stableStaticGroup();

        GroupOutcome<JoinResult> rejoin = fixture.join(join().instance("two").build());

        String newId = rejoin.result().orElseThrow().memberId();
        assertThat(newId).isNotEqualTo(members.get(1));
        assertThat(fixture.group.state()).isEqualTo(GroupState.STABLE);
        assertThat(fixture.group.generationId()).isEqualTo(1);
        assertThat(fixture.sync(newId, 1, Map.of()).result().orElseThrow().assignment()).containsExactly(2);
    }

    @Test
    void shouldTellARestartedStaticLeaderToSkipTheAssignment() {
        List<String> members = stableStaticGroup();

        JoinResult result = fixture.join(join().instance("one").build()).result().orElseThrow();

        assertThat(result.skipAssignment()).isTrue();
        assertThat(result.isLeader()).isTrue();
        assertThat(result.members()).hasSize(2);
        assertThat(fixture.group.leaderId()).contains(result.memberId()).isNotEqualTo(Optional.of(members.get(0)));
    }

    @Test
    void shouldFenceTheOldIncarnationOfARestartedStaticMember() {
        List<String> members = stableStaticGroup();
        fixture.join(join().instance("two").build());

        GroupOutcome<GroupState> old = fixture.group.heartbeat(new MemberIdentity(members.get(1), Optional.of("two")), 1, 0);

        assertThat(old.error()).get().isInstanceOf(FencedInstanceIdException.class);
    }

    @Test
    void shouldKeepAStaticMemberThatMissesARebalanceUntilItsSessionRunsOut() {
        List<String> members = stableStaticGroup();
        fixture.join(join().member(members.get(0)).instance("one").build());

        fixture.fire(new GroupTimer.JoinPhase(), fixture.now + REBALANCE_MS);

        assertThat(fixture.group.members()).extracting(GroupMember::memberId).containsExactlyElementsOf(members);
        assertThat(fixture.group.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void shouldLetAnOperatorRemoveAStaticMemberByInstanceId() {
        stableStaticGroup();

        List<LeaveResult> results = fixture.group.leave(List.of(new MemberIdentity(GroupMember.UNKNOWN_MEMBER_ID,
                Optional.of("two"))), fixture.now).result().orElseThrow();

        assertThat(results.get(0).error()).isEmpty();
        assertThat(fixture.group.members()).hasSize(1);
    }
}
