package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;

import java.util.Objects;
import java.util.Optional;

/**
 * One group among all the groups that exist: what ListGroups and an admin listing show of it.
 *
 * @param protocolType the kind of protocol its members speak, such as {@code consumer}; empty for a group that
 *                     has only committed offsets
 */
public record GroupListing(GroupId groupId, Optional<String> protocolType, GroupState state) {

    public GroupListing {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(state, "state");
    }
}
