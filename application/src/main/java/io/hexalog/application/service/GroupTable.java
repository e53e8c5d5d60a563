package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupId;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups this broker coordinates, in memory only: members rejoin after a restart, as they do with
 * Kafka. A group removed from the table is dead; a request that still holds it gets
 * COORDINATOR_NOT_AVAILABLE and retries against a new one.
 */
public final class GroupTable {

    private final Map<GroupId, GroupSlot> slots = new ConcurrentHashMap<>();
    private final GroupConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final BooleanSupplier coordinating;

    /** A table of a broker that coordinates every group, always (a single broker). */
    public GroupTable(GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler) {
        this(settings, clock, scheduler, () -> true);
    }

    /**
     * @param coordinating whether this broker coordinates groups now; in a cluster the coordinator moves, and
     *                     a broker that no longer coordinates forgets its groups (their members rejoin the new
     *                     coordinator) and answers NOT_COORDINATOR
     */
    public GroupTable(GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler, BooleanSupplier coordinating) {
        this.config = settings.groupConfig();
        this.clock = clock;
        this.scheduler = scheduler;
        this.coordinating = coordinating;
    }

    Optional<GroupSlot> find(GroupId groupId) {
        checkCoordinating();
        return Optional.ofNullable(slots.get(groupId));
    }

    GroupSlot findOrCreate(GroupId groupId) {
        checkCoordinating();
        return slots.computeIfAbsent(groupId, id -> new GroupSlot(new ClassicGroup(id, config, clock.millis()), clock, scheduler));
    }

    /**
     * Takes in a classic group made from a consumer group (a downgrade) and arms its timers; nothing happens if a
     * classic group of that ID exists already.
     */
    void adopt(GroupId groupId, ClassicGroup.Conversion conversion) {
        checkCoordinating();
        GroupSlot slot = new GroupSlot(conversion.group(), clock, scheduler);
        if (slots.putIfAbsent(groupId, slot) == null) {
            slot.start(conversion.effects());
        }
    }

    /** The settings classic groups are made with. */
    GroupConfig config() {
        return config;
    }

    /** Whether this broker coordinates groups now; asking changes nothing. */
    boolean coordinates() {
        return coordinating.getAsBoolean();
    }

    /** @throws NotCoordinatorException if this broker does not coordinate groups now, after forgetting them */
    void checkCoordinating() {
        if (!coordinating.getAsBoolean()) {
            slots.forEach(this::remove);
            throw new NotCoordinatorException("This broker does not coordinate consumer groups now");
        }
    }

    void remove(GroupId groupId, GroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close();
        }
    }

    /** Removes a group that became a consumer group: its parked requests are told to rejoin. */
    void removeUpgraded(GroupId groupId, GroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close(() -> new RebalanceInProgressException("Group " + groupId + " became a consumer group: rejoin"));
        }
    }

    Map<GroupId, GroupSlot> snapshot() {
        return Map.copyOf(slots);
    }
}
