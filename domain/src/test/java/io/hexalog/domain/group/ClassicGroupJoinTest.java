package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.InvalidSessionTimeoutException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.group.GroupFixture.INITIAL_DELAY_MS;
import static io.hexalog.domain.group.GroupFixture.REBALANCE_MS;
import static io.hexalog.domain.group.GroupFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupJoinTest {

    private final GroupFixture fixture = new GroupFixture();

    @Test
    void shouldSendANewMemberBackWithItsIdWhenTheRequestVersionRequiresIt() {
        GroupOutcome<JoinResult> outcome = fixture.join(join().client("app").build());

        assertThat(outcome.error()).get().isInstanceOfSatisfying(MemberIdRequiredException.class,
                required -> assertThat(required.memberId()).isEqualTo("app-" + new java.util.UUID(0, 1)));
        assertThat(fixture.group.state()).isEqualTo(GroupState.EMPTY);
        assertThat(outcome.effects().timers()).containsExactly(new TimerChange.Arm(
                new GroupTimer.MemberSession("app-" + new java.util.UUID(0, 1)), GroupFixture.SESSION_MS));
    }

    @Test
    void shouldStartTheFirstRebalanceAndParkTheJoinUntilTheInitialDelayHasPassed() {
        GroupOutcome<JoinResult> outcome = fixture.join(join().oldVersion().build());

        assertThat(outcome.parkedAs()).isPresent();
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(GroupFixture.deadline(outcome.effects(), new GroupTimer.JoinPhase())).isEqualTo(INITIAL_DELAY_MS);
    }

    @Test
    void shouldCompleteTheJoinPhaseGivingTheLeaderEveryMembersMetadataAndFollowersNothing() {
        String leader = fixture.joinDynamic("a");
        String follower = fixture.joinDynamic("b");

        GroupEffects effects = fixture.finishInitialRebalance();

        assertThat(fixture.group.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
        assertThat(fixture.group.generationId()).isEqualTo(1);
        assertThat(fixture.group.protocolName()).contains("range");
        assertThat(effects.joins()).hasSize(2);
        JoinResult leaderResult = result(effects, leader);
        assertThat(leaderResult.isLeader()).isTrue();
        assertThat(leaderResult.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(leader, follower);
        JoinResult followerResult = result(effects, follower);
        assertThat(followerResult.leaderId()).isEqualTo(leader);
        assertThat(followerResult.members()).isEmpty();
        assertThat(followerResult.generationId()).isEqualTo(1);
    }

    @Test
    void shouldWaitTheInitialDelayAgainWhenAMemberArrivedDuringIt() {
        fixture.joinDynamic("a");
        fixture.now = 1_000;
        fixture.joinDynamic("b");

        GroupEffects extended = fixture.fire(new GroupTimer.JoinPhase(), INITIAL_DELAY_MS);

        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(GroupFixture.deadline(extended, new GroupTimer.JoinPhase())).isEqualTo(2 * INITIAL_DELAY_MS);
        fixture.fire(new GroupTimer.JoinPhase(), 2 * INITIAL_DELAY_MS);
        assertThat(fixture.group.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void shouldIgnoreAJoinPhaseTimerThatFiresBeforeItsDeadlineAndArmItAgain() {
        fixture.joinDynamic("a");

        GroupEffects early = fixture.fire(new GroupTimer.JoinPhase(), INITIAL_DELAY_MS - 1);

        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(early.timers()).containsExactly(new TimerChange.Arm(new GroupTimer.JoinPhase(), INITIAL_DELAY_MS));
    }

    @Test
    void shouldSelectTheProtocolEveryMemberSupportsThatMostMembersPrefer() {
        fixture.join(join().oldVersion().protocols("sticky", "range").build());
        fixture.join(join().oldVersion().protocols("range", "sticky", "roundrobin").build());
        fixture.join(join().oldVersion().protocols("range", "sticky").build());

        fixture.finishInitialRebalance();

        assertThat(fixture.group.protocolName()).contains("range");
    }

    @Test
    void shouldRefuseASessionTimeoutOutsideTheAllowedRange() {
        assertThat(fixture.join(join().sessionTimeout(5_999).build()).error()).get()
                .isInstanceOf(InvalidSessionTimeoutException.class);
        assertThat(fixture.join(join().sessionTimeout(1_800_001).build()).error()).get()
                .isInstanceOf(InvalidSessionTimeoutException.class);
    }

    @Test
    void shouldRefuseAMemberOfAnotherProtocolTypeOrWithoutACommonProtocol() {
        fixture.stableGroupOf("a");

        assertThat(fixture.join(join().protocolType("connect").build()).error()).get()
                .isInstanceOf(InconsistentGroupProtocolException.class);
        assertThat(fixture.join(join().protocols("roundrobin").build()).error()).get()
                .isInstanceOf(InconsistentGroupProtocolException.class);
        assertThat(fixture.join(join().protocolType("").build()).error()).isPresent();
    }

    @Test
    void shouldRefuseAnEmptyProtocolTypeOrProtocolListForTheFirstMember() {
        assertThat(fixture.join(join().protocolType("").build()).error()).get()
                .isInstanceOf(InconsistentGroupProtocolException.class);
        assertThat(fixture.join(join().protocols().build()).error()).get()
                .isInstanceOf(InconsistentGroupProtocolException.class);
    }

    @Test
    void shouldRefuseAJoinWithAMemberIdTheGroupDoesNotKnow() {
        fixture.stableGroupOf("a");

        assertThat(fixture.join(join().member("stranger").build()).error()).get()
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldAnswerAFollowerRejoiningAStableGroupUnchangedWithTheCurrentGeneration() {
        List<String> members = fixture.stableGroupOf("a", "b");

        GroupOutcome<JoinResult> outcome = fixture.join(join().member(members.get(1)).client("b").build());

        assertThat(outcome.result()).get().satisfies(result -> {
            assertThat(result.generationId()).isEqualTo(1);
            assertThat(result.leaderId()).isEqualTo(members.get(0));
        });
        assertThat(fixture.group.state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void shouldRebalanceWhenTheLeaderRejoinsOrAMemberRejoinsWithNewMetadata() {
        List<String> members = fixture.stableGroupOf("a", "b");

        assertThat(fixture.join(join().member(members.get(0)).client("a").build()).parkedAs()).contains(members.get(0));
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);

        GroupFixture other = new GroupFixture();
        List<String> others = other.stableGroupOf("a", "b");
        assertThat(other.join(join().member(others.get(1)).metadata((byte) 9).build()).parkedAs()).isPresent();
        assertThat(other.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    @Test
    void shouldCompleteARebalanceAsSoonAsEveryKnownMemberHasRejoined() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.join(join().member(members.get(0)).client("a").build());

        GroupOutcome<JoinResult> last = fixture.join(join().member(members.get(1)).client("b").build());

        assertThat(fixture.group.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
        assertThat(fixture.group.generationId()).isEqualTo(2);
        assertThat(last.effects().joins()).extracting(Completion::memberId).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void shouldDropDynamicMembersThatDoNotRejoinBeforeTheRebalanceTimeout() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.now = 1_000;
        GroupOutcome<JoinResult> rejoin = fixture.join(join().member(members.get(1)).metadata((byte) 2).build());
        long deadline = GroupFixture.deadline(rejoin.effects(), new GroupTimer.JoinPhase());
        assertThat(deadline).isEqualTo(1_000 + REBALANCE_MS);

        GroupEffects effects = fixture.fire(new GroupTimer.JoinPhase(), deadline);

        assertThat(fixture.group.members()).extracting(GroupMember::memberId).containsExactly(members.get(1));
        assertThat(fixture.group.leaderId()).contains(members.get(1));
        assertThat(result(effects, members.get(1)).isLeader()).isTrue();
        assertThat(effects.timers()).contains(new TimerChange.Cancel(new GroupTimer.MemberSession(members.get(0))));
    }

    @Test
    void shouldBecomeEmptyWhenNoMemberIsLeftAtTheEndOfTheJoinPhase() {
        String member = fixture.joinDynamic("a");
        fixture.group.leave(List.of(MemberIdentity.dynamic(member)), 10);
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);

        fixture.finishInitialRebalance();

        assertThat(fixture.group.state()).isEqualTo(GroupState.EMPTY);
        assertThat(fixture.group.generationId()).isEqualTo(1);
    }

    @Test
    void shouldForgetAMemberSentBackForItsIdThatNeverReturns() {
        GroupOutcome<JoinResult> first = fixture.join(join().build());
        String pending = ((MemberIdRequiredException) first.error().orElseThrow()).memberId();

        fixture.fire(new GroupTimer.MemberSession(pending), GroupFixture.SESSION_MS);

        assertThat(fixture.join(join().member(pending).build()).error()).get().isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldTellJoiningMembersOfADeletedGroupToRetry() {
        fixture.group.delete(0);

        assertThat(fixture.join(join().build()).error()).get().isInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(fixture.join(join().member("m").build()).error()).get().isInstanceOf(CoordinatorNotAvailableException.class);
    }

    private static JoinResult result(GroupEffects effects, String memberId) {
        return effects.joins().stream().filter(completion -> completion.memberId().equals(memberId))
                .findFirst().orElseThrow().result().orElseThrow();
    }
}
