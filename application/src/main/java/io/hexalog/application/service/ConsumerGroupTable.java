package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupOutcome;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeouts;
import io.hexalog.domain.group.consumer.ConsumerTimerChange;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The consumer groups (KIP-848) this broker coordinates. It follows the coordination of the classic groups in
 * {@link GroupTable}: when this broker stops coordinating it forgets them. Unlike classic groups they outlive
 * that: each keeps its durable state in the {@link ConsumerGroupStates} ({@link ConsumerGroupSlot} writes it), and a
 * coordinator asked about a group it does not hold in memory (after a failover, or a restart) restores it from
 * there, its members keeping their IDs and epochs; their sessions start afresh.
 */
final class ConsumerGroupTable {

    private static final System.Logger LOG = System.getLogger(ConsumerGroupTable.class.getName());

    private final Map<GroupId, ConsumerGroupSlot> slots = new ConcurrentHashMap<>();
    private final ConsumerGroupConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final GroupTable classicGroups;
    private final ConsumerGroupStates states;
    private final Function<GroupId, ConsumerGroupTimeouts> timeouts;
    private final TopicPatternCompiler patterns;

    /** A table whose groups all get the broker's session timeout and heartbeat interval. */
    ConsumerGroupTable(ConsumerGroupConfig config, Clock clock, Scheduler scheduler, GroupTable classicGroups,
                       ConsumerGroupStates states, TopicPatternCompiler patterns) {
        this(config, clock, scheduler, classicGroups, states, groupId -> new ConsumerGroupTimeouts(
                config.sessionTimeoutMs(), config.heartbeatIntervalMs()), patterns);
    }

    /**
     * @param timeouts the session timeout and heartbeat interval of a group's members now (its own configs, or the
     *                 broker's): asked at every heartbeat, and when a group is restored
     * @param patterns compiles a restored group's stored regular expressions again, as members' are compiled when
     *                 they send them
     */
    ConsumerGroupTable(ConsumerGroupConfig config, Clock clock, Scheduler scheduler, GroupTable classicGroups,
                       ConsumerGroupStates states, Function<GroupId, ConsumerGroupTimeouts> timeouts,
                       TopicPatternCompiler patterns) {
        this.config = config;
        this.patterns = patterns;
        this.timeouts = timeouts;
        this.clock = clock;
        this.scheduler = scheduler;
        this.classicGroups = classicGroups;
        this.states = states;
        classicGroups.alsoForgetting(() -> slots.forEach(this::forget));
    }

    /**
     * The group held in memory, or restored from its stored state if it is not.
     *
     * @throws io.hexalog.domain.error.NotCoordinatorException if this broker does not coordinate groups now
     */
    Optional<ConsumerGroupSlot> find(GroupId groupId) {
        checkCoordinating();
        ConsumerGroupSlot slot = slots.get(groupId);
        return slot != null ? Optional.of(slot) : states.find(groupId).map(this::restore);
    }

    ConsumerGroupSlot findOrCreate(GroupId groupId) {
        return find(groupId).orElseGet(() ->
                slots.computeIfAbsent(groupId, id -> newSlot(new ConsumerGroup(id, config), Optional.empty())));
    }

    /**
     * A group this coordinator takes over: rebuilt from its image, each member's regular expression compiled again,
     * each member's session timer armed afresh with the group's session timeout (its own
     * {@code consumer.session.timeout.ms}, or the broker's).
     */
    private ConsumerGroupSlot restore(ConsumerGroupImage image) {
        ConsumerGroupOutcome<ConsumerGroup> restored = ConsumerGroup.restore(image, patterns::compile, config,
                clock.millis(), timeouts(image.groupId()).sessionTimeoutMs());
        ConsumerGroupSlot slot = newSlot(restored.result().orElseThrow(), Optional.of(image));
        ConsumerGroupSlot existing = slots.putIfAbsent(image.groupId(), slot);
        if (existing != null) {
            return existing;
        }
        slot.start(restored.timers());
        LOG.log(System.Logger.Level.INFO, "Consumer group {0} restored from its stored state at epoch {1} with {2}"
                + " members", image.groupId().value(), String.valueOf(image.groupEpoch()),
                String.valueOf(image.members().size()));
        return slot;
    }

    /**
     * Takes in a consumer group made from a classic group (an upgrade) and arms its timers.
     *
     * @return the group's slot; the one already there if a consumer group of that ID exists
     */
    ConsumerGroupSlot adopt(GroupId groupId, ConsumerGroup group, List<ConsumerTimerChange> timers) {
        checkCoordinating();
        ConsumerGroupSlot slot = newSlot(group, Optional.empty());
        ConsumerGroupSlot existing = slots.putIfAbsent(groupId, slot);
        if (existing != null) {
            return existing;
        }
        slot.start(timers);
        return slot;
    }

    /** The session timeout and heartbeat interval of the group's members now: its own, or the broker's. */
    ConsumerGroupTimeouts timeouts(GroupId groupId) {
        return timeouts.apply(groupId);
    }

    /** The settings consumer groups are made with. */
    ConsumerGroupConfig config() {
        return config;
    }

    /**
     * The group becomes a classic group without this member, its last member of the consumer protocol, which
     * leaves or is fenced ({@link ConsumerGroup#toClassicGroup}); the consumer group is gone, its stored state
     * removed before the classic group takes its place. The caller may block: it runs on the group's line or carries
     * out a timer.
     *
     * @throws io.hexalog.domain.error.HexalogException if the stored state could not be removed: the group stays a
     *                                                  consumer group
     */
    void downgrade(ConsumerGroupSlot slot, String leavingMemberId) {
        ClassicGroup.Conversion downgraded = slot.giveWay(group -> {
            ClassicGroup.Conversion conversion = group.toClassicGroup(classicGroups.config(), slot.now(),
                    leavingMemberId);
            classicGroups.adopt(group.groupId(), conversion);
            slots.remove(group.groupId(), slot);
            return conversion;
        });
        LOG.log(System.Logger.Level.INFO, "Consumer group {0} became a classic group with {1} members as its last"
                + " consumer-protocol member {2} left", downgraded.group().groupId().value(),
                String.valueOf(downgraded.group().members().size()), leavingMemberId);
    }

    /** The group is gone for good (deleted, expired, downgraded), and so is its stored state. */
    void remove(GroupId groupId, ConsumerGroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close();
            slot.removeImage();
        }
    }

    /** This broker no longer coordinates the group: its timers stop and its stored state stays for the next one. */
    private void forget(GroupId groupId, ConsumerGroupSlot slot) {
        if (slots.remove(groupId, slot)) {
            slot.close();
        }
    }

    /**
     * The consumer groups this broker coordinates now, those it has stored but not yet restored included: none if it
     * does not coordinate, none of an earlier epoch.
     */
    Map<GroupId, ConsumerGroupSlot> snapshot() {
        if (!classicGroups.holdsCurrentGroups()) {
            return Map.of();
        }
        states.all().keySet().forEach(this::find);
        return Map.copyOf(slots);
    }

    private ConsumerGroupSlot newSlot(ConsumerGroup group, Optional<ConsumerGroupImage> stored) {
        return new ConsumerGroupSlot(group, clock, scheduler, this::downgrade, states, stored);
    }

    /** Consumer groups are forgotten with the classic groups: when this broker stops coordinating, or changes epoch. */
    private void checkCoordinating() {
        classicGroups.checkCoordinating();
    }
}
