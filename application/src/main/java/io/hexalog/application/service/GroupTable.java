package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupId;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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

    public GroupTable(GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler) {
        this.config = settings.groupConfig();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    Optional<GroupSlot> find(GroupId groupId) {
        return Optional.ofNullable(slots.get(groupId));
    }

    GroupSlot findOrCreate(GroupId groupId) {
        return slots.computeIfAbsent(groupId, id -> new GroupSlot(new ClassicGroup(id, config, clock.millis()), clock, scheduler));
    }

    void remove(GroupId groupId, GroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close();
        }
    }

    Map<GroupId, GroupSlot> snapshot() {
        return Map.copyOf(slots);
    }
}
