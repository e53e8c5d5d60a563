package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerTimerChange;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups (KIP-848) this broker coordinates, in memory only like the classic ones in
 * {@link GroupTable}, whose coordination it follows: when this broker stops coordinating it forgets them, and
 * their members rejoin the new coordinator (which answers their first heartbeat UNKNOWN_MEMBER_ID).
 */
final class ConsumerGroupTable {

    private static final System.Logger LOG = System.getLogger(ConsumerGroupTable.class.getName());

    private final Map<GroupId, ConsumerGroupSlot> slots = new ConcurrentHashMap<>();
    private final ConsumerGroupConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final GroupTable classicGroups;

    ConsumerGroupTable(ConsumerGroupConfig config, Clock clock, Scheduler scheduler, GroupTable classicGroups) {
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.classicGroups = classicGroups;
        classicGroups.alsoForgetting(() -> slots.forEach(this::remove));
    }

    /** @throws io.hexalog.domain.error.NotCoordinatorException if this broker does not coordinate groups now */
    Optional<ConsumerGroupSlot> find(GroupId groupId) {
        checkCoordinating();
        return Optional.ofNullable(slots.get(groupId));
    }

    ConsumerGroupSlot findOrCreate(GroupId groupId) {
        checkCoordinating();
        return slots.computeIfAbsent(groupId, id -> newSlot(new ConsumerGroup(id, config)));
    }

    /**
     * Takes in a consumer group made from a classic group (an upgrade) and arms its timers.
     *
     * @return the group's slot; the one already there if a consumer group of that ID exists
     */
    ConsumerGroupSlot adopt(GroupId groupId, ConsumerGroup group, List<ConsumerTimerChange> timers) {
        checkCoordinating();
        ConsumerGroupSlot slot = newSlot(group);
        ConsumerGroupSlot existing = slots.putIfAbsent(groupId, slot);
        if (existing != null) {
            return existing;
        }
        slot.start(timers);
        return slot;
    }

    /** The settings consumer groups are made with. */
    ConsumerGroupConfig config() {
        return config;
    }

    /**
     * The group becomes a classic group without this member, its last member of the consumer protocol, which
     * leaves or is fenced ({@link ConsumerGroup#toClassicGroup}); the consumer group is gone.
     */
    void downgrade(ConsumerGroupSlot slot, String leavingMemberId) {
        GroupId groupId = slot.locked(ConsumerGroup::groupId);
        ClassicGroup.Conversion downgraded = slot.locked(group -> group.toClassicGroup(classicGroups.config(),
                slot.now(), leavingMemberId));
        classicGroups.adopt(groupId, downgraded);
        remove(groupId, slot);
        LOG.log(System.Logger.Level.INFO, "Consumer group {0} became a classic group with {1} members as its last"
                + " consumer-protocol member {2} left", groupId.value(),
                String.valueOf(downgraded.group().members().size()), leavingMemberId);
    }

    void remove(GroupId groupId, ConsumerGroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close();
        }
    }

    /** The consumer groups this broker coordinates now: none if it does not, none of an earlier epoch. */
    Map<GroupId, ConsumerGroupSlot> snapshot() {
        return classicGroups.holdsCurrentGroups() ? Map.copyOf(slots) : Map.of();
    }

    private ConsumerGroupSlot newSlot(ConsumerGroup group) {
        return new ConsumerGroupSlot(group, clock, scheduler, this::downgrade);
    }

    /** Consumer groups are forgotten with the classic groups: when this broker stops coordinating, or changes epoch. */
    private void checkCoordinating() {
        classicGroups.checkCoordinating();
    }
}
