package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Describes and lists consumer groups (DescribeGroups, ListGroups). Groups known only from their stored
 * offsets are read off the caller's thread: both methods may be called from an event loop.
 */
public interface DescribeGroupsQuery {

    /** Completes with the group, with members and assignments while it is stable; empty if no such group exists. */
    CompletableFuture<Optional<GroupDescription>> describeGroup(GroupId group);

    /** Completes with every group that exists: with members, or with committed offsets only; sorted by group ID. */
    CompletableFuture<List<GroupListing>> listGroups();
}
