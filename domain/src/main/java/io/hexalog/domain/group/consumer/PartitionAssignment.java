package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of partitions named as the consumer group protocol names them: by topic ID and partition index.
 * Immutable; a topic is present only with at least one partition.
 */
public record PartitionAssignment(Map<TopicId, Set<Integer>> partitions) {

    public static final PartitionAssignment EMPTY = new PartitionAssignment(Map.of());

    public PartitionAssignment {
        Objects.requireNonNull(partitions, "partitions");
        Map<TopicId, Set<Integer>> copy = new HashMap<>();
        partitions.forEach((topic, indexes) -> {
            if (indexes.stream().anyMatch(index -> index < 0)) {
                throw new IllegalArgumentException("A partition index must not be negative: " + indexes);
            }
            if (!indexes.isEmpty()) {
                copy.put(Objects.requireNonNull(topic, "topic"), Collections.unmodifiableSet(new TreeSet<>(indexes)));
            }
        });
        partitions = Map.copyOf(copy);
    }

    /** The partitions {@code indexes} of one topic. */
    public static PartitionAssignment of(TopicId topic, Integer... indexes) {
        return new PartitionAssignment(Map.of(topic, Set.of(indexes)));
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }

    public boolean contains(TopicId topic, int partition) {
        return partitions.getOrDefault(topic, Set.of()).contains(partition);
    }

    /** The partitions of one topic; empty if it has none here. */
    public Set<Integer> partitionsOf(TopicId topic) {
        return partitions.getOrDefault(topic, Set.of());
    }

    /** How many partitions, over all topics. */
    public int size() {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    /** Whether some partition is in both. */
    public boolean overlaps(PartitionAssignment other) {
        return partitions.entrySet().stream().anyMatch(entry -> entry.getValue().stream()
                .anyMatch(partition -> other.contains(entry.getKey(), partition)));
    }

    /** Whether every partition here is also in {@code other}. */
    public boolean isSubsetOf(PartitionAssignment other) {
        return partitions.entrySet().stream().allMatch(entry -> other.partitionsOf(entry.getKey())
                .containsAll(entry.getValue()));
    }

    public PartitionAssignment union(PartitionAssignment other) {
        Map<TopicId, Set<Integer>> sum = mutableCopy();
        other.partitions.forEach((topic, indexes) -> sum.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(indexes));
        return new PartitionAssignment(sum);
    }

    public PartitionAssignment intersection(PartitionAssignment other) {
        Map<TopicId, Set<Integer>> common = mutableCopy();
        common.forEach((topic, indexes) -> indexes.retainAll(other.partitionsOf(topic)));
        return new PartitionAssignment(common);
    }

    public PartitionAssignment minus(PartitionAssignment other) {
        Map<TopicId, Set<Integer>> rest = mutableCopy();
        rest.forEach((topic, indexes) -> indexes.removeAll(other.partitionsOf(topic)));
        return new PartitionAssignment(rest);
    }

    private Map<TopicId, Set<Integer>> mutableCopy() {
        Map<TopicId, Set<Integer>> copy = new HashMap<>();
        partitions.forEach((topic, indexes) -> copy.put(topic, new TreeSet<>(indexes)));
        return copy;
    }

    @Override
    public String toString() {
        return partitions.toString();
    }
}
