package io.hexalog.domain.topic;

import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.InvalidReplicationFactorException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A topic: its name, the ID of this incarnation, its partition count, how many brokers hold each of its
 * partitions, and the configuration entries set on it explicitly (defaults are not stored).
 */
public record Topic(TopicName name, TopicId id, int partitionCount, int replicationFactor,
                    Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        if (partitionCount < 1) {
            throw new InvalidPartitionsException("Number of partitions must be at least 1, was " + partitionCount);
        }
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0, was "
                    + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    /** A topic on a single broker: one replica of each partition. */
    public Topic(TopicName name, TopicId id, int partitionCount, Map<String, String> configs) {
        this(name, id, partitionCount, 1, configs);
    }

    public static Topic create(TopicName name, int partitionCount) {
        return create(name, partitionCount, 1);
    }

    /** A new incarnation of a topic, with a fresh ID. */
    public static Topic create(TopicName name, int partitionCount, int replicationFactor) {
        return new Topic(name, TopicId.random(), partitionCount, replicationFactor, Map.of());
    }

    /**
     * This topic with more partitions (CreatePartitions). Existing partitions keep their data.
     *
     * @throws InvalidPartitionsException unless the new count is larger than the present one
     */
    public Topic withPartitionCount(int newPartitionCount) {
        if (newPartitionCount == partitionCount) {
            throw new InvalidPartitionsException("Topic already has " + partitionCount + " partitions.");
        }
        if (newPartitionCount < partitionCount) {
            throw new InvalidPartitionsException("Topic currently has " + partitionCount
                    + " partitions, which is higher than the requested " + newPartitionCount + ".");
        }
        return new Topic(name, id, newPartitionCount, replicationFactor, configs);
    }

    /** This topic with a new set of explicitly set configuration entries. */
    public Topic withConfigs(Map<String, String> newConfigs) {
        return new Topic(name, id, partitionCount, replicationFactor, newConfigs);
    }

    public boolean hasPartition(int partition) {
        return partition >= 0 && partition < partitionCount;
    }

    public TopicIdPartition partition(int partition) {
        return new TopicIdPartition(id, name, partition);
    }

    public List<TopicIdPartition> partitions() {
        return IntStream.range(0, partitionCount).mapToObj(this::partition).toList();
    }
}
