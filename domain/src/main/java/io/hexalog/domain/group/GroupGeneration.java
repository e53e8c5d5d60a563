package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.policy.Decision;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a group is in its life: its state, the generation it is in, and the protocol type and protocol
 * that generation runs. The other parts of {@link ClassicGroup} read it; only a rebalance, the first member
 * of an empty group and deletion change it.
 */
final class GroupGeneration {

    private final GroupId groupId;
    private final GroupRoster roster;
    private GroupState state = GroupState.EMPTY;
    private GroupState previousState = GroupState.DEAD;
    private long stateTimestampMs;
    private int generationId;
    private Optional<String> protocolType = Optional.empty();
    private Optional<String> protocolName = Optional.empty();
    private Optional<Set<String>> subscribedTopics = Optional.empty();

    GroupGeneration(GroupId groupId, GroupRoster roster, long nowMs) {
        this.groupId = groupId;
        this.roster = roster;
        this.stateTimestampMs = nowMs;
    }

    GroupId groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    boolean is(GroupState candidate) {
        return state == candidate;
    }

    /** Whether the group is in the rebalance that took it out of Empty, the one that waits the initial delay. */
    boolean isInitialRebalance() {
        return state == GroupState.PREPARING_REBALANCE && previousState == GroupState.EMPTY;
    }

    long stateTimestampMs() {
        return stateTimestampMs;
    }

    int generationId() {
        return generationId;
    }

    Optional<String> protocolType() {
        return protocolType;
    }

    Optional<String> protocolName() {
        return protocolName;
    }

    /** The first member of an empty group sets the protocol type that every later member must share. */
    void adoptProtocolType(String type) {
        protocolType = Optional.of(type);
    }

    /**
     * Starts the next generation with the members in the roster, under the protocol they vote for; with no
     * member left the group is empty.
     */
    void advance(long nowMs) {
        generationId++;
        protocolName = roster.isEmpty() ? Optional.empty() : Optional.of(roster.selectProtocol());
        subscribedTopics = computeSubscribedTopics();
        transitionTo(roster.isEmpty() ? GroupState.EMPTY : GroupState.COMPLETING_REBALANCE, nowMs);
    }

    /**
     * Takes up the generation of a group converted from another kind ({@link ClassicGroup#converted}): Stable
     * in that generation, under the protocol the members vote for.
     */
    void restore(int generation, String type, long nowMs) {
        generationId = generation;
        protocolType = Optional.of(type);
        protocolName = Optional.of(roster.selectProtocol());
        subscribedTopics = computeSubscribedTopics();
        previousState = GroupState.COMPLETING_REBALANCE;
        state = GroupState.STABLE;
        stateTimestampMs = nowMs;
    }

    void transitionTo(GroupState target, long nowMs) {
        if (!target.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state + " to " + target);
        }
        previousState = state;
        state = target;
        stateTimestampMs = nowMs;
    }

    /** Accepts a request made for the current generation; any other is rejected with {@link IllegalGenerationException}. */
    Decision checkGeneration(int generation) {
        if (generation != generationId) {
            return Decision.reject(new IllegalGenerationException("Generation " + generation
                    + " is not the current generation " + generationId + " of group " + groupId));
        }
        return Decision.accept();
    }

    /** What a request holding a deleted group gets, so that the client retries against a fresh one. */
    CoordinatorNotAvailableException beingRemoved() {
        return new CoordinatorNotAvailableException("Group " + groupId + " is being removed");
    }

    /** The answer to a member's JoinGroup in this generation; the leader's carries every member's metadata. */
    JoinResult joinResult(GroupMember member, boolean withMembers, boolean skipAssignment) {
        return new JoinResult(member.memberId(), generationId, protocolType, protocolName,
                roster.leaderId().orElse(""), skipAssignment,
                withMembers ? roster.joinedMembers(protocolName.orElseThrow()) : List.of());
    }

    SyncResult syncResult(GroupMember member) {
        return new SyncResult(protocolType, protocolName, member.assignment());
    }

    boolean usesConsumerProtocol() {
        return protocolType.filter(ConsumerSubscription.CONSUMER_PROTOCOL_TYPE::equals).isPresent();
    }

    /** See {@link ClassicGroup#isSubscribedTo}. */
    boolean isSubscribedTo(String topic) {
        return subscribedTopics.map(topics -> topics.contains(topic)).orElse(usesConsumerProtocol());
    }

    private Optional<Set<String>> computeSubscribedTopics() {
        if (!usesConsumerProtocol()) {
            return Optional.empty();
        }
        if (roster.isEmpty()) {
            return Optional.of(Set.of());
        }
        if (protocolName.isEmpty()) {
            return Optional.empty();
        }
        Set<String> topics = new HashSet<>();
        for (GroupMember member : roster.all()) {
            Optional<Set<String>> subscribed = ConsumerSubscription.topics(member.metadata(protocolName.get()));
            if (subscribed.isEmpty()) {
                return Optional.empty();
            }
            topics.addAll(subscribed.get());
        }
        return Optional.of(topics);
    }
}
