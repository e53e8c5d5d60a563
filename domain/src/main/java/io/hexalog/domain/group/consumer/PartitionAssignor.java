package io.hexalog.domain.group.consumer;

import java.util.Map;

/**
 * A server-side assignor of KIP-848: computes the group's target assignment from the members' subscriptions
 * and the subscribed topics. Named in {@code group.consumer.assignors} and by a member's
 * {@code group.remote.assignor}.
 * <p>
 * Contract: deterministic (the same spec gives the same assignment); every member of the spec has an entry,
 * possibly empty; a partition goes to at most one member, and only to a member subscribed to its topic;
 * every partition of a subscribed topic goes to some member.
 */
public interface PartitionAssignor {

    /** The name members and the broker's config call it by, such as {@code uniform}. */
    String name();

    /** The target assignment of every member of the spec, by member ID. */
    Map<String, PartitionAssignment> assign(AssignmentSpec spec);
}
