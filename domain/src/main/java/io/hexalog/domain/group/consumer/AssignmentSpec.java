package io.hexalog.domain.group.consumer;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an assignor is given: each member's subscription and its current target (so that an assignor can
 * be sticky), and the subscribed topics that exist.
 *
 * @param members by member ID, sorted
 * @param topics  by name, only topics that exist
 */
public record AssignmentSpec(Map<String, Subscriber> members, Map<String, TopicMetadata> topics) {

    public AssignmentSpec {
        members = new TreeMap<>(members);
        topics = new TreeMap<>(topics);
    }

    /** One member as the assignor sees it. */
    public record Subscriber(Set<String> topics, PartitionAssignment currentTarget) {
        public Subscriber {
            topics = Set.copyOf(topics);
            Objects.requireNonNull(currentTarget, "currentTarget");
        }
    }
}
