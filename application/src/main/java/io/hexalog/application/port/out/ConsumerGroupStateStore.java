package io.hexalog.application.port.out;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;

import java.util.Map;
import java.util.Optional;

/**
 * Where consumer groups (KIP-848) keep their durable state, so that a coordinator that takes a group over (after a
 * failover, or a restart) goes on with it instead of making its members rejoin: Kafka keeps the same state in
 * {@code __consumer_offsets} as ConsumerGroupMetadata, ConsumerGroupMemberMetadata, TargetAssignment and
 * CurrentMemberAssignment records. One {@link ConsumerGroupImage} per group, the whole state each time.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe.</li>
 *   <li>{@link #put} replaces the group's image, atomically: a reader sees the old image or the new one, never a mix.
 *       It blocks the calling thread until the change is durable to the adapter's promise (for a persistent store:
 *       written and fsynced, so that a restart finds it); never call it from an event loop.</li>
 *   <li>{@link #remove} forgets the group's image (nothing happens for a group without one), durably as {@link #put}
 *       writes.</li>
 *   <li>{@link #find} and {@link #all} never block: they answer from memory. A read after {@link #put} or
 *       {@link #remove} returned sees its change.</li>
 *   <li>Images come back equal to what was put; groups never see each other's images.</li>
 *   <li>Failures are reported as {@link io.hexalog.domain.error.KafkaStorageException}.</li>
 * </ul>
 */
public interface ConsumerGroupStateStore {

    /** Replaces the image of {@code image.groupId()}. Blocks until durable; never call from an event loop. */
    void put(ConsumerGroupImage image);

    /** Forgets the group's image, if it has one. Blocks until durable; never call from an event loop. */
    void remove(GroupId group);

    /** The group's image, if one was put and not removed since. Answered from memory without blocking. */
    Optional<ConsumerGroupImage> find(GroupId group);

    /** Every group's image, in no particular order. Answered from memory without blocking. */
    Map<GroupId, ConsumerGroupImage> all();
}
