package io.hexalog.domain.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A member asking to join a group (JoinGroup).
 *
 * @param memberId                   the member's ID, or {@link GroupMember#UNKNOWN_MEMBER_ID} on its first join
 * @param groupInstanceId            the static member's {@code group.instance.id}, empty for a dynamic member
 * @param sessionTimeoutMs           how long the member may stay silent before it is considered dead
 * @param rebalanceTimeoutMs         how long the coordinator waits for the member to rejoin in a rebalance
 * @param protocols                  the protocols the member supports, most preferred first
 * @param requireKnownMemberId       whether a new dynamic member is sent back for its ID first (JoinGroup v4+)
 * @param supportsSkippingAssignment whether a static leader may be told to skip the assignment (JoinGroup v9+)
 */
public record JoinRequest(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                          int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                          List<MemberProtocol> protocols, boolean requireKnownMemberId,
                          boolean supportsSkippingAssignment) {

    public JoinRequest {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        Objects.requireNonNull(protocolType, "protocolType");
        protocols = List.copyOf(protocols);
    }

    boolean isUnknownMember() {
        return memberId.equals(GroupMember.UNKNOWN_MEMBER_ID);
    }
}
