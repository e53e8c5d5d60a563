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
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final IntSupplier coordinatorEpoch;
    /** Who else holds groups that live and die with this table's: the consumer groups. */
    private final List<Runnable> forgetters = new CopyOnWriteArrayList<>();
    private volatile int heldEpoch = NO_EPOCH;

    private static final int NO_EPOCH = Integer.MIN_VALUE;

    /** A table of a broker that coordinates every group, always (a single broker). */
    public GroupTable(GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler) {
        this(settings, clock, scheduler, () -> true, () -> 0);
    }

    /**
     * @param coordinating     whether this broker coordinates groups now; in a cluster the coordinator moves, and
     *                         a broker that no longer coordinates forgets its groups (their members rejoin the new
     *                         coordinator) and answers NOT_COORDINATOR
     * @param coordinatorEpoch the coordinator epoch now ({@code ClusterView.coordinatorEpoch}): a broker that
     *                         coordinates again after another did, in a later epoch, forgets the groups it held
     *                         before, which the members have left for the other coordinator since
     */
    public GroupTable(GroupCoordinatorConfig settings, Clock clock, Scheduler scheduler, BooleanSupplier coordinating,
                      IntSupplier coordinatorEpoch) {
        this.config = settings.groupConfig();
        this.clock = clock;
        this.scheduler = scheduler;
        this.coordinating = coordinating;
        this.coordinatorEpoch = coordinatorEpoch;
    }

    /** {@code forget} drops groups kept elsewhere whenever this table forgets its own (see {@link #checkCoordinating}). */
    void alsoForgetting(Runnable forget) {
        forgetters.add(forget);
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

    /**
     * Forgets every group if this broker does not coordinate now, or coordinates in another epoch than the one
     * its groups were made in: a group it held before another broker coordinated is stale, and a member's epoch
     * from the other coordinator could match it by chance.
     *
     * @throws NotCoordinatorException if this broker does not coordinate groups now, after forgetting them
     */
    void checkCoordinating() {
        if (!holdsCurrentGroups()) {
            throw new NotCoordinatorException("This broker does not coordinate consumer groups now");
        }
    }

    /**
     * Whether this broker coordinates groups now; it first forgets the groups it holds if it does not, or if it
     * coordinates in another epoch than the one they were made in (see {@link #checkCoordinating}).
     */
    boolean holdsCurrentGroups() {
        if (!coordinating.getAsBoolean()) {
            forgetAll();
            return false;
        }
        int epoch = coordinatorEpoch.getAsInt();
        if (heldEpoch != epoch) {
            synchronized (this) {
                if (heldEpoch != epoch) {
                    forgetAll();
                    heldEpoch = epoch;
                }
            }
        }
        return true;
    }

    /** The coordinator epoch the groups held now were made in: what their durable changes are written under. */
    int coordinatorEpoch() {
        int held = heldEpoch;
        return held == NO_EPOCH ? coordinatorEpoch.getAsInt() : held;
    }

    private void forgetAll() {
        slots.forEach(this::remove);
        forgetters.forEach(Runnable::run);
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

    /** The groups this broker coordinates now: none if it does not, none of an earlier epoch. */
    Map<GroupId, GroupSlot> snapshot() {
        return holdsCurrentGroups() ? Map.copyOf(slots) : Map.of();
    }
}
