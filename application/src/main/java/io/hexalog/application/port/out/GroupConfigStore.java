package io.hexalog.application.port.out;

import io.hexalog.domain.group.GroupId;

import java.util.Map;

/**
 * Where groups' own configs live (Kafka's config resource type GROUP, kept in its cluster metadata like topic
 * configs): for each group that has any, the configs it overrides and their values, as validated before they were
 * put. A group is not required to exist to have configs, and deleting a group leaves them (as in Kafka).
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe.</li>
 *   <li>{@link #put} replaces the group's whole set of configs, atomically: a reader sees the old set or the new
 *       one, never a mix. An empty map removes the group's configs, and the group is no longer listed by
 *       {@link #all()}. It blocks the calling thread until the change is durable to the adapter's promise (for a
 *       persistent store: written and fsynced, as topic configs are); never call it from an event loop.</li>
 *   <li>{@link #configs} and {@link #all} never block: they answer from memory, so a heartbeat on any thread may
 *       read a group's configs. A read after {@link #put} returned sees its change.</li>
 *   <li>Configs come back exactly as put, names and values; groups never see each other's configs.</li>
 *   <li>Failures are reported as {@link io.hexalog.domain.error.KafkaStorageException}.</li>
 * </ul>
 */
public interface GroupConfigStore {

    /**
     * Replaces the group's configs with these; an empty map removes them. Blocks until durable; never call from an
     * event loop.
     */
    void put(GroupId group, Map<String, String> configs);

    /** The group's configs; an empty map if it has none. Answered from memory without blocking. */
    Map<String, String> configs(GroupId group);

    /** Every group that has configs, with them, in no particular order. Answered from memory without blocking. */
    Map<GroupId, Map<String, String>> all();
}
