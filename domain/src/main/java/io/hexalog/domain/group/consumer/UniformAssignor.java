package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code uniform} assignor, the default: spreads the partitions of all subscribed topics evenly over the
 * members, and moves as few as it can from one assignment to the next (sticky), so that a rebalance revokes
 * little. Each member first keeps what its current target holds that it still may have; partitions without
 * a member go to the least loaded member subscribed to their topic; then partitions move, one at a time, from
 * a member holding two more than another subscribed member to it, until none does. When all members subscribe
 * to the same topics their counts differ by at most one.
 */
public final class UniformAssignor implements PartitionAssignor {

    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, PartitionAssignment> assign(AssignmentSpec spec) {
        List<Slot> partitions = partitions(spec);
        Map<Slot, String> owners = new LinkedHashMap<>();
        Map<String, Integer> load = new TreeMap<>();
        spec.members().keySet().forEach(member -> load.put(member, 0));

        spec.members().forEach((member, subscriber) -> subscriber.currentTarget().partitions().forEach((topic, indexes) ->
                indexes.forEach(index -> {
                    Slot slot = new Slot(topic, index);
                    if (partitions.contains(slot) && may(spec, member, slot) && !owners.containsKey(slot)) {
                        owners.put(slot, member);
                        load.merge(member, 1, Integer::sum);
                    }
                })));
        for (Slot slot : partitions) {
            if (!owners.containsKey(slot)) {
                leastLoaded(spec, slot, load, Integer.MAX_VALUE).ifPresent(member -> {
                    owners.put(slot, member);
                    load.merge(member, 1, Integer::sum);
                });
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Slot slot : partitions) {
                String owner = owners.get(slot);
                if (owner == null) {
                    continue;
                }
                Optional<String> lighter = leastLoaded(spec, slot, load, load.get(owner) - 1);
                if (lighter.isPresent()) {
                    owners.put(slot, lighter.get());
                    load.merge(owner, -1, Integer::sum);
                    load.merge(lighter.get(), 1, Integer::sum);
                    moved = true;
                }
            }
        }
        return collect(spec, owners);
    }

    /** Every partition of every subscribed topic, in topic name then partition order. */
    private static List<Slot> partitions(AssignmentSpec spec) {
        List<Slot> partitions = new ArrayList<>();
        spec.topics().values().forEach(topic -> {
            for (int index = 0; index < topic.partitionCount(); index++) {
                partitions.add(new Slot(topic.id(), index));
            }
        });
        return partitions;
    }

    private static boolean may(AssignmentSpec spec, String member, Slot slot) {
        Set<String> topics = spec.members().get(member).topics();
        return spec.topics().values().stream()
                .anyMatch(topic -> topic.id().equals(slot.topic()) && topics.contains(topic.name()));
    }

    /** The subscribed member with the fewest partitions, fewer than {@code below}; the first by ID on a tie. */
    private static Optional<String> leastLoaded(AssignmentSpec spec, Slot slot, Map<String, Integer> load, int below) {
        return load.entrySet().stream()
                .filter(entry -> entry.getValue() < below && may(spec, entry.getKey(), slot))
                .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    private static Map<String, PartitionAssignment> collect(AssignmentSpec spec, Map<Slot, String> owners) {
        Map<String, Map<TopicId, Set<Integer>>> byMember = new TreeMap<>();
        spec.members().keySet().forEach(member -> byMember.put(member, new HashMap<>()));
        owners.forEach((slot, member) -> byMember.get(member)
                .computeIfAbsent(slot.topic(), topic -> new TreeSet<>(Comparator.naturalOrder())).add(slot.index()));
        Map<String, PartitionAssignment> result = new TreeMap<>();
        byMember.forEach((member, partitions) -> result.put(member, new PartitionAssignment(partitions)));
        return result;
    }

    private record Slot(TopicId topic, int index) {
    }
}
