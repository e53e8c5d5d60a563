package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.MemberProtocol;

import java.util.List;

/**
 * What the coordinator keeps of a member of a consumer group that speaks the classic protocol (JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup) besides what every member has: its session timeout, which it chose itself,
 * and the protocols it joined with, whose first one is the protocol it is answered with.
 */
public record ClassicMemberMetadata(int sessionTimeoutMs, List<MemberProtocol> protocols) {

    public ClassicMemberMetadata {
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("A classic member supports at least one protocol");
        }
        if (sessionTimeoutMs < 1) {
            throw new IllegalArgumentException("A session timeout must be positive: " + sessionTimeoutMs);
        }
    }

    /** The protocol (a client-side assignor's name, as "range") JoinGroup and SyncGroup answer with. */
    public String protocolName() {
        return protocols.get(0).name();
    }

    /** The version of the Subscription the member sent, in which its Assignment is written back. */
    short subscriptionVersion() {
        return EmbeddedConsumerProtocol.subscription(protocols.get(0).metadata()).version();
    }
}
