package io.hexalog.domain.group;

import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hexalog.domain.group.GroupFixture.REBALANCE_MS;
import static io.hexalog.domain.group.GroupFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupSyncTest {

    private final GroupFixture fixture = new GroupFixture();

    private List<String> completingGroupOf(String... clients) {
        for (String client : clients) {
            fixture.joinDynamic(client);
        }
        fixture.finishInitialRebalance();
        return fixture.group.members().stream().map(GroupMember::memberId).toList();
    }

    @Test
    void shouldParkAFollowersSyncUntilTheLeaderBringsTheAssignments() {
        List<String> members = completingGroupOf("a", "b");

        GroupOutcome<SyncResult> follower = fixture.sync(members.get(1), 1, Map.of());
        GroupOutcome<SyncResult> leader = fixture.sync(members.get(0), 1,
                Map.of(members.get(0), new byte[] {10}, members.get(1), new byte[] {11}));

        assertThat(follower.parkedAs()).contains(members.get(1));
        assertThat(fixture.group.state()).isEqualTo(GroupState.STABLE);
        assertThat(leader.effects().syncs()).hasSize(2).allSatisfy(completion -> assertThat(completion.result()).isPresent());
        assertThat(assignmentOf(leader.effects(), members.get(1))).containsExactly(11);
        assertThat(assignmentOf(leader.effects(), members.get(0))).containsExactly(10);
        assertThat(leader.effects().timers()).contains(new TimerChange.Cancel(new GroupTimer.SyncPhase()));
    }

    @Test
    void shouldGiveAMemberTheLeaderForgotAnEmptyAssignment() {
        List<String> members = completingGroupOf("a", "b");

        GroupOutcome<SyncResult> leader = fixture.sync(members.get(0), 1, Map.of(members.get(0), new byte[] {10}));

        assertThat(fixture.group.members().get(1).assignment()).isEmpty();
        assertThat(leader.parkedAs()).contains(members.get(0));
    }

    @Test
    void shouldAnswerASyncInAStableGroupWithTheMembersAssignment() {
        List<String> members = fixture.stableGroupOf("a", "b");

        GroupOutcome<SyncResult> again = fixture.sync(members.get(1), 1, Map.of());

        assertThat(again.result()).get().satisfies(result -> {
            assertThat(result.assignment()).isEqualTo(members.get(1).getBytes());
            assertThat(result.protocolName()).contains("range");
            assertThat(result.protocolType()).contains("consumer");
        });
    }

    @Test
    void shouldRefuseASyncOfAnotherGenerationOrFromAStranger() {
        List<String> members = completingGroupOf("a");

        assertThat(fixture.sync(members.get(0), 7, Map.of()).error()).get().isInstanceOf(IllegalGenerationException.class);
        assertThat(fixture.sync("stranger", 1, Map.of()).error()).get().isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldRefuseASyncToAnEmptyGroup() {
        assertThat(fixture.sync("anyone", 0, Map.of()).error()).get().isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void shouldTellASyncingMemberToRejoinWhileTheGroupPreparesARebalance() {
        List<String> members = fixture.stableGroupOf("a", "b");
        fixture.join(join().member(members.get(0)).client("a").build());

        assertThat(fixture.sync(members.get(1), 1, Map.of()).error()).get().isInstanceOf(RebalanceInProgressException.class);
    }

    @Test
    void shouldRefuseASyncNamingAnotherProtocol() {
        List<String> members = completingGroupOf("a");

        GroupOutcome<SyncResult> outcome = fixture.group.sync(new SyncRequest(members.get(0), Optional.empty(), 1,
                Optional.of("consumer"), Optional.of("roundrobin"), Map.of()), 0);

        assertThat(outcome.error()).get().isInstanceOf(InconsistentGroupProtocolException.class);
    }

    @Test
    void shouldAnswerParkedSyncsWithRebalanceInProgressWhenANewMemberJoinsBeforeTheLeaderSyncs() {
        List<String> members = completingGroupOf("a", "b");
        fixture.sync(members.get(1), 1, Map.of());

        GroupOutcome<JoinResult> newcomer = fixture.join(join().oldVersion().client("c").build());

        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(newcomer.effects().syncs()).singleElement().satisfies(completion -> {
            assertThat(completion.memberId()).isEqualTo(members.get(1));
            assertThat(completion.error()).get().isInstanceOf(RebalanceInProgressException.class);
        });
    }

    @Test
    void shouldRemoveMembersThatNeverSyncAndRebalanceWithoutThem() {
        List<String> members = completingGroupOf("a", "b");
        fixture.sync(members.get(0), 1, Map.of(members.get(0), new byte[] {1}, members.get(1), new byte[] {2}));

        fixture.fire(new GroupTimer.SyncPhase(), fixture.now + REBALANCE_MS);

        assertThat(fixture.group.members()).extracting(GroupMember::memberId).containsExactly(members.get(0));
        assertThat(fixture.group.state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }

    private static byte[] assignmentOf(GroupEffects effects, String memberId) {
        return effects.syncs().stream().filter(completion -> completion.memberId().equals(memberId)).findFirst()
                .orElseThrow().result().orElseThrow().assignment();
    }
}
