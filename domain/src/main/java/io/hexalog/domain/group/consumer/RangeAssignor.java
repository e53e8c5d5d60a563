package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code range} assignor: for each topic, its partitions are cut into contiguous ranges, one per member
 * subscribed to it, in member ID order; the first members get one more when the count does not divide.
 * Members subscribed to the same topics get the same partition indexes of each, which co-partitioned topics
 * (joins in Kafka Streams) rely on.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, PartitionAssignment> assign(AssignmentSpec spec) {
        Map<String, Map<TopicId, Set<Integer>>> assigned = new TreeMap<>();
        spec.members().keySet().forEach(member -> assigned.put(member, new HashMap<>()));
        spec.topics().values().forEach(topic -> {
            List<String> subscribers = new ArrayList<>();
            spec.members().forEach((member, subscriber) -> {
                if (subscriber.topics().contains(topic.name())) {
                    subscribers.add(member);
                }
            });
            if (subscribers.isEmpty()) {
                return;
            }
            int each = topic.partitionCount() / subscribers.size();
            int extra = topic.partitionCount() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = each + (i < extra ? 1 : 0);
                Set<Integer> range = new TreeSet<>();
                for (int p = next; p < next + count; p++) {
                    range.add(p);
                }
                next += count;
                assigned.get(subscribers.get(i)).put(topic.id(), range);
            }
        });
        Map<String, PartitionAssignment> result = new TreeMap<>();
        assigned.forEach((member, partitions) -> result.put(member, new PartitionAssignment(partitions)));
        return result;
    }
}
