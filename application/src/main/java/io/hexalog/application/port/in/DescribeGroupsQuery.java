package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;

import java.util.List;
import java.util.Optional;

/** Describes and lists consumer groups (DescribeGroups, ListGroups). */
public interface DescribeGroupsQuery {

    /** The group, with members and assignments while it is stable; empty if no such group exists. */
    Optional<GroupDescription> describeGroup(GroupId group);

    /** Every group that exists: with members, or with committed offsets only; sorted by group ID. */
    List<GroupListing> listGroups();
}
