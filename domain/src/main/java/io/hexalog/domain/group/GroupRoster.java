package io.hexalog.domain.group;

import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is in a group: its members in joining order, static members by instance ID, members sent back for
 * their ID (pending), the leader, and which protocols every member supports.
 */
final class GroupRoster {

    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, Long> pendingMembers = new HashMap<>();
    private final Set<String> pendingSync = new HashSet<>();
    private Optional<String> leaderId = Optional.empty();

    void add(GroupMember member) {
        member.groupInstanceId().ifPresent(instanceId -> staticMembers.put(instanceId, member.memberId()));
        if (leaderId.isEmpty()) {
            leaderId = Optional.of(member.memberId());
        }
        members.put(member.memberId(), member);
        pendingMembers.remove(member.memberId());
    }

    /** Removes a member or a pending member; the next member in joining order leads if it led. */
    Optional<GroupMember> remove(String memberId) {
        GroupMember removed = members.remove(memberId);
        if (removed != null) {
            removed.groupInstanceId().ifPresent(staticMembers::remove);
        }
        if (leaderId.filter(memberId::equals).isPresent()) {
            leaderId = members.keySet().stream().findFirst();
        }
        pendingMembers.remove(memberId);
        pendingSync.remove(memberId);
        return Optional.ofNullable(removed);
    }

    /** Puts a static member's new incarnation in the place of the old one. */
    GroupMember replaceStatic(GroupMember old, String newMemberId) {
        GroupMember renamed = old.renamed(newMemberId);
        members.remove(old.memberId());
        members.put(newMemberId, renamed);
        staticMembers.put(old.groupInstanceId().orElseThrow(), newMemberId);
        if (leaderId.filter(old.memberId()::equals).isPresent()) {
            leaderId = Optional.of(newMemberId);
        }
        pendingSync.remove(old.memberId());
        return renamed;
    }

    Optional<GroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    GroupMember get(String memberId) {
        GroupMember member = members.get(memberId);
        if (member == null) {
            throw new IllegalStateException("No member " + memberId);
        }
        return member;
    }

    Collection<GroupMember> all() {
        return members.values();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    Optional<String> staticMemberId(String groupInstanceId) {
        return Optional.ofNullable(staticMembers.get(groupInstanceId));
    }

    /**
     * Accepts a request only from the current incarnation of a member: rejected with
     * {@link FencedInstanceIdException} if another member ID now holds the instance ID, with
     * {@link UnknownMemberIdException} if no such member is in the group.
     */
    Decision checkMember(String memberId, Optional<String> groupInstanceId) {
        if (groupInstanceId.isPresent()) {
            Optional<String> current = staticMemberId(groupInstanceId.get());
            if (current.isEmpty()) {
                return Decision.reject(new UnknownMemberIdException("No static member has instance ID "
                        + groupInstanceId.get()));
            }
            if (!current.get().equals(memberId)) {
                return Decision.reject(new FencedInstanceIdException("Instance ID " + groupInstanceId.get()
                        + " is now held by member " + current.get() + ", not " + memberId));
            }
        }
        if (!members.containsKey(memberId)) {
            return Decision.reject(new UnknownMemberIdException("Member " + memberId + " is not in the group"));
        }
        return Decision.accept();
    }

    Optional<String> leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return leaderId.filter(memberId::equals).isPresent();
    }

    /** Makes a member that rejoined the leader if the leader did not rejoin; false if nobody rejoined. */
    boolean electJoinedLeader() {
        if (leaderId.isEmpty()) {
            return false;
        }
        if (get(leaderId.get()).isAwaitingJoin()) {
            return true;
        }
        Optional<GroupMember> joined = members.values().stream().filter(GroupMember::isAwaitingJoin).findFirst();
        joined.ifPresent(member -> leaderId = Optional.of(member.memberId()));
        return joined.isPresent();
    }

    void addPending(String memberId, long deadlineMs) {
        pendingMembers.put(memberId, deadlineMs);
    }

    boolean isPending(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    long pendingDeadline(String memberId) {
        return pendingMembers.get(memberId);
    }

    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::isAwaitingJoin);
    }

    List<GroupMember> notYetRejoined() {
        return members.values().stream().filter(member -> !member.isAwaitingJoin()).toList();
    }

    void expectSyncFromAll() {
        pendingSync.clear();
        pendingSync.addAll(members.keySet());
    }

    /** @return whether every member has now sent its SyncGroup */
    boolean syncReceived(String memberId) {
        pendingSync.remove(memberId);
        return pendingSync.isEmpty();
    }

    Set<String> notYetSynced() {
        return Set.copyOf(pendingSync);
    }

    void clearPendingSync() {
        pendingSync.clear();
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /** Whether a member with these protocols could join: it must share a protocol with every member. */
    boolean supportsAny(List<MemberProtocol> protocols) {
        return protocols.stream().anyMatch(protocol -> members.values().stream()
                .allMatch(member -> member.supports(protocol.name())));
    }

    /** The protocol every member supports that most members prefer (Kafka's vote). */
    String selectProtocol() {
        Set<String> candidates = members.values().iterator().next().protocols().stream()
                .map(MemberProtocol::name)
                .filter(name -> members.values().stream().allMatch(member -> member.supports(name)))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Map<String, Integer> votes = new LinkedHashMap<>();
        members.values().forEach(member -> votes.merge(member.vote(candidates), 1, Integer::sum));
        String winner = null;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (winner == null || vote.getValue() > votes.get(winner)) {
                winner = vote.getKey();
            }
        }
        return winner;
    }

    /** Every member with its metadata for the protocol, as the leader receives them. */
    List<JoinResult.JoinedMember> joinedMembers(String protocolName) {
        List<JoinResult.JoinedMember> joined = new ArrayList<>();
        members.values().forEach(member -> joined.add(new JoinResult.JoinedMember(
                member.memberId(), member.groupInstanceId(), member.metadata(protocolName))));
        return joined;
    }
}
