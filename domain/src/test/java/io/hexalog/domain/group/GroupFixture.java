package io.hexalog.domain.group;

import io.hexalog.domain.error.MemberIdRequiredException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A group on a hand-driven clock with small builders for its requests: the test data of the group tests.
 * Sessions last 10 s, rebalances 20 s, the initial rebalance delay is 3 s.
 */
final class GroupFixture {

    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 20_000;
    static final int INITIAL_DELAY_MS = 3_000;

    final ClassicGroup group = new ClassicGroup(GroupId.of("readers"),
            new GroupConfig(6_000, 1_800_000, INITIAL_DELAY_MS, 300_000), 0);
    long now;
    private int ids;

    UUID nextId() {
        return new UUID(0, ++ids);
    }

    static JoinRequestBuilder join() {
        return new JoinRequestBuilder();
    }

    GroupOutcome<JoinResult> join(JoinRequest request) {
        return group.join(request, now, nextId());
    }

    GroupOutcome<SyncResult> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        return group.sync(new SyncRequest(memberId, Optional.empty(), generation, Optional.empty(), Optional.empty(),
                assignments), now);
    }

    GroupOutcome<GroupState> heartbeat(String memberId, int generation) {
        return group.heartbeat(MemberIdentity.dynamic(memberId), generation, now);
    }

    GroupEffects fire(GroupTimer timer, long at) {
        now = at;
        return group.onTimer(timer, now);
    }

    /** Joins a dynamic member the v4+ way (MEMBER_ID_REQUIRED, then again with its ID); returns its ID. */
    String joinDynamic(String clientId) {
        GroupOutcome<JoinResult> first = join(join().client(clientId).build());
        String memberId = ((MemberIdRequiredException) first.error().orElseThrow()).memberId();
        join(join().member(memberId).client(clientId).build());
        return memberId;
    }

    /**
     * Brings a group of {@code clients} members to generation 1, stable, the first being the leader.
     *
     * @return the member IDs in joining order
     */
    List<String> stableGroupOf(String... clients) {
        List<String> members = new ArrayList<>();
        for (String client : clients) {
            members.add(joinDynamic(client));
        }
        finishInitialRebalance();
        Map<String, byte[]> assignments = new HashMap<>();
        members.forEach(member -> assignments.put(member, member.getBytes()));
        for (int i = members.size() - 1; i >= 0; i--) {
            sync(members.get(i), 1, i == 0 ? assignments : Map.of());
        }
        return members;
    }

    /**
     * Lets the initial rebalance delay run out, as often as it is extended.
     *
     * @return the effects of the timer that completed the join phase
     */
    GroupEffects finishInitialRebalance() {
        GroupEffects effects = GroupEffects.NONE;
        while (group.state() == GroupState.PREPARING_REBALANCE) {
            effects = fire(new GroupTimer.JoinPhase(), now + INITIAL_DELAY_MS);
        }
        return effects;
    }

    static <T> T timer(GroupEffects effects, Class<T> type) {
        return effects.timers().stream().filter(change -> change instanceof TimerChange.Arm)
                .map(TimerChange::timer).filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    static long deadline(GroupEffects effects, GroupTimer timer) {
        return effects.timers().stream().filter(change -> change instanceof TimerChange.Arm arm && arm.timer().equals(timer))
                .map(change -> ((TimerChange.Arm) change).deadlineMs()).reduce((a, b) -> b).orElseThrow();
    }
}
