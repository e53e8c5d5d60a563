package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;

import java.util.Objects;

/**
 * A group as ListGroups shows it.
 *
 * @param protocolType the empty string for a group without one
 */
public record GroupListing(GroupId groupId, String protocolType, GroupState state) {

    public GroupListing {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(state, "state");
    }
}
