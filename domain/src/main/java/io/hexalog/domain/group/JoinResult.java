package io.hexalog.domain.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a successful JoinGroup: the generation the member is in, and for the leader every member's
 * metadata to compute the assignment from.
 *
 * @param skipAssignment the leader already has an assignment and must not compute one (KIP-814)
 * @param members        every member with its metadata for the selected protocol; empty for followers
 */
public record JoinResult(String memberId, int generationId, Optional<String> protocolType,
                         Optional<String> protocolName, String leaderId, boolean skipAssignment,
                         List<JoinedMember> members) {

    public JoinResult {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(protocolName, "protocolName");
        Objects.requireNonNull(leaderId, "leaderId");
        members = List.copyOf(members);
    }

    public boolean isLeader() {
        return memberId.equals(leaderId);
    }

    /** A member as the leader sees it. */
    public record JoinedMember(String memberId, Optional<String> groupInstanceId, byte[] metadata) {

        public JoinedMember {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(groupInstanceId, "groupInstanceId");
            metadata = metadata.clone();
        }

        @Override
        public byte[] metadata() {
            return metadata.clone();
        }
    }
}
