package io.hexalog.application.port.out;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where consumer groups' committed offsets live (Kafka keeps them in {@code __consumer_offsets}). Offsets
 * are keyed by group and by partition <em>name</em>, as clients commit them. Group membership is not
 * stored: after a restart members rejoin, and only offsets must survive.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe. Every method blocks the calling thread: a change until it is durable to the
 *       adapter's promise (for a persistent store: in its write-ahead log), a read until it has read the
 *       store. Never call one from an event loop. Every read after a change returned sees it.</li>
 *   <li>{@link #commit} is atomic: a reader sees all of the offsets of one call or none of them. It
 *       replaces the group's offsets of the partitions it names and leaves the group's others alone.</li>
 *   <li>Offsets come back exactly as committed: offset, leader epoch (or its absence), metadata and
 *       commit timestamp.</li>
 *   <li>A group with no offset left is not listed by {@link #groups()}.</li>
 *   <li>Groups never see each other's offsets.</li>
 *   <li>Failures are reported as {@link io.hexalog.domain.error.KafkaStorageException}.</li>
 * </ul>
 */
public interface CommittedOffsetStore {

    /**
     * Stores offsets of one group, atomically, replacing any the group had for those partitions. Blocks the
     * calling thread until the offsets are durable; never call from an event loop.
     */
    void commit(GroupId group, Map<TopicPartition, CommittedOffset> offsets);

    /** Every offset of the group; an empty map if it has none. */
    Map<TopicPartition, CommittedOffset> offsets(GroupId group);

    /** The groups that have at least one offset, in no particular order. */
    Set<GroupId> groups();

    /** Removes the group's offsets of these partitions; partitions without an offset are ignored. */
    void delete(GroupId group, Collection<TopicPartition> partitions);

    /** Removes every offset of the group. */
    void deleteGroup(GroupId group);

    /** Removes every group's offsets of every partition of the topic (the topic was deleted). */
    void deleteTopic(TopicName topic);
}
