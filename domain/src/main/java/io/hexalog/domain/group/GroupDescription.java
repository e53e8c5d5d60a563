package io.hexalog.domain.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group as DescribeGroups shows it. Member metadata and assignments are shown only while the group is
 * {@link GroupState#STABLE}, as Kafka does.
 *
 * @param protocolType     the kind of protocol the members speak, such as {@code consumer}; empty for a group
 *                         that has none (only committed offsets)
 * @param selectedProtocol the protocol chosen for the generation, such as {@code range}, once the group is
 *                         stable; empty before
 */
public record GroupDescription(GroupId groupId, GroupState state, Optional<String> protocolType,
                               Optional<String> selectedProtocol, List<Member> members) {

    public GroupDescription {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(selectedProtocol, "selectedProtocol");
        members = List.copyOf(members);
    }

    /** One member of a described group. */
    public record Member(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {

        public Member {
            metadata = metadata.clone();
            assignment = assignment.clone();
        }

        @Override
        public byte[] metadata() {
            return metadata.clone();
        }

        @Override
        public byte[] assignment() {
            return assignment.clone();
        }
    }
}
