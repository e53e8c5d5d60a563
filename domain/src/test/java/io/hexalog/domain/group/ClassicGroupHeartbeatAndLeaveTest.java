package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.hexalog.domain.group.GroupFixture.SESSION_MS;
import static io.hexalog.domain.group.GroupFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupHeartbeatAndLeaveTest {

    private final GroupFixture fixture = new GroupFixture();

    @Test
    void shouldAcceptAHeartbeatOfTheCurrentGenerationAndExtendTheSession() {
        List<String> members = fixture.stableGroupOf("a");
        fixture.now = 4_000;

        GroupOutcome<GroupState> outcome = fixture.heartbeat(members.get(0), 1);

        assertThat(outcome.result()).contains(GroupState.STABLE);
        assertThat(outcome.effects().timers()).containsExactly(
                new TimerChange.Arm(new GroupTimer.MemberSession(members.get(0)), 4_000 + SESSION_MS));
    }

    @Test
    void shouldRefuseAHeartbeatOfAnotherGenerationOrFromAStranger() {
        List<String> members = fixture.stableGroupOf("a");

        assertThat(fixture.heartbeat(members.get(0), 0).error()).get().isInstanceOf(IllegalGenerationException.class);
        assertThat(fixture.heartbeat("stranger", 1).error()).get().isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldTellAHeartbeatingMemberToRejoinDuringARebalance() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.join(join().member(members.get(0)).client("a").build());

        GroupOutcome<GroupState> outcome = fixture.heartbeat(members.get(1), 1);

        assertThat(outcome.error()).get().isInstanceOf(RebalanceInProgressException.class);
        assertThat(outcome.effects().timers()).isNotEmpty();
    }

    @Test
    void shouldRemoveAMemberWhoseSessionExpiredAndRebalanceTheOthers() {
        List<String> members = fixture.stableGroupOf("a", "b");

        fixture.fire(new GroupTimer.MemberSession(members.get(1)), fixture.now + SESSION_MS);

        assertThat(fixture.group.members()).extracting(GroupMember::memberId).containsExactly(members.get(0));
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void shouldKeepAMemberWhoseSessionTimerFiresAfterAHeartbeatMovedItsDeadline() {
        List<String> members = fixture.stableGroupOf("a");
        fixture.now += 5_000;
        fixture.heartbeat(members.get(0), 1);
        long newDeadline = fixture.now + SESSION_MS;

        GroupEffects stale = fixture.fire(new GroupTimer.MemberSession(members.get(0)), fixture.now + 1);

        assertThat(fixture.group.members()).hasSize(1);
        assertThat(stale.timers()).containsExactly(new TimerChange.Arm(new GroupTimer.MemberSession(members.get(0)), newDeadline));
    }

    @Test
    void shouldNotExpireAKnownMemberWhileItsJoinIsParked() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.join(join().member(members.get(0)).client("a").build());

        fixture.fire(new GroupTimer.MemberSession(members.get(0)), fixture.now + SESSION_MS);

        assertThat(fixture.group.members()).extracting(GroupMember::memberId).contains(members.get(0));
    }

    @Test
    void shouldRebalanceWithoutALeavingMemberAndAnswerItsParkedJoin() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.join(join().member(members.get(1)).metadata((byte) 5).build());

        GroupOutcome<List<LeaveResult>> outcome = fixture.group.leave(List.of(MemberIdentity.dynamic(members.get(1))), fixture.now);

        assertThat(outcome.result()).get().satisfies(results -> assertThat(results).singleElement()
                .satisfies(result -> assertThat(result.error()).isEmpty()));
        assertThat(outcome.effects().joins()).anySatisfy(completion -> {
            assertThat(completion.memberId()).isEqualTo(members.get(1));
            assertThat(completion.error()).get().isInstanceOf(UnknownMemberIdException.class);
        });
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);

        fixture.join(join().member(members.get(0)).client("a").build());

        assertThat(fixture.group.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
        assertThat(fixture.group.generationId()).isEqualTo(2);
        assertThat(fixture.group.members()).extracting(GroupMember::memberId).containsExactly(members.get(0));
    }

    @Test
    void shouldBecomeEmptyWhenTheLastMemberLeaves() {
        List<String> members = fixture.stableGroupOf("a");

        fixture.group.leave(List.of(MemberIdentity.dynamic(members.get(0))), fixture.now);

        assertThat(fixture.group.state()).isEqualTo(GroupState.EMPTY);
        assertThat(fixture.group.generationId()).isEqualTo(2);
    }

    @Test
    void shouldAnswerEachLeavingMemberSeparately() {
        List<String> members = fixture.stableGroupOf("a");

        List<LeaveResult> results = fixture.group.leave(List.of(MemberIdentity.dynamic("stranger"),
                new MemberIdentity(GroupMember.UNKNOWN_MEMBER_ID, Optional.of("nobody")),
                MemberIdentity.dynamic(members.get(0))), fixture.now).result().orElseThrow();

        assertThat(results.get(0).error()).get().isInstanceOf(UnknownMemberIdException.class);
        assertThat(results.get(1).error()).get().isInstanceOf(UnknownMemberIdException.class);
        assertThat(results.get(2).error()).isEmpty();
    }

    @Test
    void shouldTellMembersOfADeletedGroupToRetry() {
        fixture.group.delete(0);

        assertThat(fixture.heartbeat("m", 0).error()).get().isInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(fixture.group.leave(List.of(MemberIdentity.dynamic("m")), 0).error()).get()
                .isInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(fixture.sync("m", 0, java.util.Map.of()).error()).get().isInstanceOf(CoordinatorNotAvailableException.class);
    }
}
