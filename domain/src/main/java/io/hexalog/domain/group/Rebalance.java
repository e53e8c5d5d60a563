package io.hexalog.domain.group;

/**
 * Runs a rebalance through its join phase: starts it, decides when the phase ends, and then starts the next
 * generation with the members that rejoined, answering their parked JoinGroups before the sync phase
 * ({@link AssignmentDistribution}) begins.
 */
final class Rebalance {

    private final GroupConfig config;
    private final GroupGeneration generation;
    private final GroupRoster roster;
    private final MemberSessions sessions;
    private final AssignmentDistribution assignments;
    private final JoinPhaseTimer joinPhase = new JoinPhaseTimer();

    Rebalance(GroupConfig config, GroupGeneration generation, GroupRoster roster, MemberSessions sessions,
              AssignmentDistribution assignments) {
        this.config = config;
        this.generation = generation;
        this.roster = roster;
        this.sessions = sessions;
        this.assignments = assignments;
    }

    /** A member joined the group for the first time; the initial delay, if running, waits for more. */
    void newMemberAdded() {
        if (generation.isInitialRebalance()) {
            joinPhase.newMemberAdded();
        }
    }

    /** Membership changed: rebalance if the group is not rebalancing yet, else see if the join phase is over. */
    void rebalanceOrCompleteJoin(long nowMs, GroupEffects.Collector effects) {
        if (GroupState.PREPARING_REBALANCE.validPreviousStates().contains(generation.state())) {
            prepare(nowMs, effects);
        } else {
            completeJoinIfAllJoined(nowMs, effects);
        }
    }

    void completeJoinIfAllJoined(long nowMs, GroupEffects.Collector effects) {
        // The first rebalance of an empty group always waits out group.initial.rebalance.delay.ms.
        if (generation.is(GroupState.PREPARING_REBALANCE) && !generation.isInitialRebalance()
                && roster.allMembersJoined()) {
            completeJoin(nowMs, effects);
        }
    }

    /** Starts a rebalance: members are to rejoin within the rebalance timeout. */
    void prepare(long nowMs, GroupEffects.Collector effects) {
        assignments.abandon(nowMs, effects);
        generation.transitionTo(GroupState.PREPARING_REBALANCE, nowMs);
        if (generation.isInitialRebalance()) {
            int delayMs = config.initialRebalanceDelayMs();
            joinPhase.startInitial(delayMs, Math.max(roster.rebalanceTimeoutMs() - delayMs, 0));
            armJoinPhase(nowMs + delayMs, effects);
        } else if (roster.allMembersJoined()) {
            completeJoin(nowMs, effects);
        } else {
            armJoinPhase(nowMs + roster.rebalanceTimeoutMs(), effects);
        }
    }

    /**
     * The join phase timer fired: the phase ends, unless the deadline has moved or the initial delay runs
     * again because members arrived during it. Outside a join phase the timer is stale and does nothing.
     */
    GroupEffects onJoinPhaseTimer(long nowMs) {
        GroupEffects.Collector effects = new GroupEffects.Collector();
        if (!generation.is(GroupState.PREPARING_REBALANCE)) {
            return effects.effects();
        }
        if (nowMs < joinPhase.deadlineMs()) {
            effects.arm(new GroupTimer.JoinPhase(), joinPhase.deadlineMs());
        } else if (generation.isInitialRebalance() && joinPhase.shouldExtend()) {
            armJoinPhase(nowMs + joinPhase.extend(config.initialRebalanceDelayMs()), effects);
        } else {
            completeJoin(nowMs, effects);
        }
        return effects.effects();
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped, and the next generation starts
     * with the rest, the leader receiving everyone's metadata.
     */
    void completeJoin(long nowMs, GroupEffects.Collector effects) {
        effects.cancel(new GroupTimer.JoinPhase());
        for (GroupMember member : roster.notYetRejoined()) {
            if (!member.isStatic()) {
                effects.cancel(new GroupTimer.MemberSession(member.memberId()));
                roster.remove(member.memberId());
            }
        }
        if (generation.is(GroupState.DEAD)) {
            return;
        }
        if (!roster.electJoinedLeader() && !roster.isEmpty()) {
            // Nobody rejoined: wait for the sessions of the silent members to run out.
            armJoinPhase(nowMs + roster.rebalanceTimeoutMs(), effects);
            return;
        }
        generation.advance(nowMs);
        if (generation.is(GroupState.EMPTY)) {
            return;
        }
        for (GroupMember member : roster.all()) {
            if (member.isAwaitingJoin()) {
                effects.join(member.memberId(),
                        generation.joinResult(member, roster.isLeader(member.memberId()), false));
            }
            member.awaitingJoin(false);
            member.isNew(false);
            sessions.arm(member, nowMs + member.sessionTimeoutMs(), effects);
        }
        assignments.start(nowMs, effects);
    }

    private void armJoinPhase(long deadlineMs, GroupEffects.Collector effects) {
        joinPhase.deadline(deadlineMs);
        effects.arm(new GroupTimer.JoinPhase(), deadlineMs);
    }
}
