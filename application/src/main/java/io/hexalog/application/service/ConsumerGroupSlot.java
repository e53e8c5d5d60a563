package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupOutcome;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupTimer;
import io.hexalog.domain.group.consumer.ConsumerTimerChange;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One consumer group with its timers on the broker's scheduler. Operations on the group run one at a time
 * under the slot's lock; a timer armed again replaces its earlier arming, and one that fires late is ignored
 * by the group. After a request that changed the group's durable state (a ConsumerGroupHeartbeat, a classic member's
 * JoinGroup, SyncGroup or LeaveGroup), the slot writes the group's image before the request is answered (and removes
 * it once the group has no member left), so that a coordinator that takes the group over restores it as its members
 * last heard of it; an operation that changed nothing durable writes nothing. A timer that fires is carried out on a
 * thread that may block, off the scheduler's one thread: it changes the group and writes its image under the lock,
 * so that no request sees the change before it is written. A slot its table let go of (the group was deleted,
 * downgraded, or this broker stopped coordinating it) answers nothing more and writes nothing more.
 */
final class ConsumerGroupSlot {

    private static final System.Logger LOG = System.getLogger(ConsumerGroupSlot.class.getName());
    /** How long a timer's change that could not be written waits before it is tried again. */
    private static final long RETRY_MS = 1_000;

    private final ConsumerGroup group;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Downgrader downgrader;
    private final ConsumerGroupStates states;
    /**
     * The coordinator epoch the group is held in: its writes carry it, so that those of a slot this broker forgot
     * when it stopped coordinating are refused, even once it coordinates again.
     */
    private final int coordinatorEpoch;
    /** The image the store holds of the group, as this slot last wrote or found it. */
    private Optional<ConsumerGroupImage> stored;
    /**
     * The group's {@link ConsumerGroup#changes} when its image was last found to be the stored one: while the count
     * stays there, the image is not built again. None at first, so that the first request compares.
     */
    private long storedAtChanges = -1;
    private final Map<ConsumerGroupTimer, Scheduler.Cancellable> armed = new HashMap<>();
    private int loggedEpoch;
    private boolean closed;

    /** @param stored the image the store holds of the group: none for a new group, its own for a restored one */
    ConsumerGroupSlot(ConsumerGroup group, Clock clock, Scheduler scheduler, Downgrader downgrader,
                      ConsumerGroupStates states, Optional<ConsumerGroupImage> stored) {
        this.group = group;
        this.clock = clock;
        this.scheduler = scheduler;
        this.downgrader = downgrader;
        this.states = states;
        this.coordinatorEpoch = states.coordinatorEpoch();
        this.stored = stored;
    }

    /**
     * Runs a request the group answers at once, and writes the group's image if the request changed it. Blocks
     * while it writes.
     *
     * @throws HexalogException the error the group answered with, or the write's failure (the change stays in
     *                          memory and is written with the next request)
     */
    synchronized <R> R answer(Operation<R> request) {
        checkOpen();
        ConsumerGroupOutcome<R> outcome = request.apply(group, clock.millis());
        apply(outcome);
        writeImage();
        if (outcome.error().isPresent()) {
            throw outcome.error().get();
        }
        return outcome.result().orElseThrow();
    }

    /**
     * Runs a request the group answers at once on a thread that must not block (a classic member's Heartbeat, which
     * changes only timers): should the group's image differ from the stored one (a write that failed), it is written
     * afterwards on another thread.
     *
     * @throws HexalogException the error the group answered with
     */
    synchronized <R> R answerThenStore(Operation<R> request) {
        checkOpen();
        ConsumerGroupOutcome<R> outcome = request.apply(group, clock.millis());
        apply(outcome);
        writeImageLater();
        if (outcome.error().isPresent()) {
            throw outcome.error().get();
        }
        return outcome.result().orElseThrow();
    }

    /** Arms the timers a group made elsewhere asked for (the session timers of an upgraded group's members). */
    synchronized void start(List<ConsumerTimerChange> timers) {
        apply(new ConsumerGroupOutcome<>(Optional.empty(), Optional.empty(), timers));
    }

    /** Reads or changes the group under its lock, where the change arms no timer and need not be written. */
    synchronized <T> T locked(Function<ConsumerGroup, T> action) {
        return action.apply(group);
    }

    /** The group is gone for good (deleted, expired, downgraded): its image goes too. Blocks while it writes. */
    synchronized void removeImage() {
        if (stored.isPresent()) {
            states.remove(group.groupId(), coordinatorEpoch);
            stored = Optional.empty();
            storedAtChanges = -1;
        }
    }

    /**
     * The group gives way to what replaces it (a classic group, on a downgrade): under the lock, its stored image is
     * removed first, then {@code replacement} takes the group over, then the slot closes. A coordinator that takes
     * the group over after the removal finds no consumer group to restore; a request that waited for the lock is
     * told to ask again. Blocks while it writes.
     *
     * @throws HexalogException if the removal failed: nothing changed, the group stays as it was
     */
    synchronized <T> T giveWay(Function<ConsumerGroup, T> replacement) {
        checkOpen();
        removeImage();
        T replaced = replacement.apply(group);
        close();
        return replaced;
    }

    long now() {
        return clock.millis();
    }

    /** The group is gone from this slot: its timers stop, and it answers and writes nothing more. */
    synchronized void close() {
        closed = true;
        armed.values().forEach(Scheduler.Cancellable::cancel);
        armed.clear();
    }

    /** A request that waited for the lock while the table let go of the group is asked again by its client. */
    private void checkOpen() {
        if (closed) {
            throw new CoordinatorNotAvailableException("Consumer group " + group.groupId().value()
                    + " was removed or handed over: ask again");
        }
    }

    /** An operation on the group at a given time. */
    @FunctionalInterface
    interface Operation<R> {
        ConsumerGroupOutcome<R> apply(ConsumerGroup group, long nowMs);
    }

    /** Who turns the group into a classic group when a timer fences its last consumer-protocol member. */
    @FunctionalInterface
    interface Downgrader {
        void downgrade(ConsumerGroupSlot slot, String fencedMemberId);
    }

    /** On the scheduler's thread: the timer is carried out where it may wait for the write. */
    private void fire(ConsumerGroupTimer timer) {
        states.later(() -> expire(timer));
    }

    private synchronized void expire(ConsumerGroupTimer timer) {
        if (closed) {
            return;
        }
        long now = clock.millis();
        if (group.downgradesOnFenceOf(timer, now)) {
            try {
                downgrader.downgrade(this, timer.memberId());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Consumer group {0} could not forget its stored state to become"
                        + " a classic group as member {1}''s session ran out; trying again in {2} ms: {3}",
                        group.groupId().value(), timer.memberId(), String.valueOf(RETRY_MS), e.toString());
                apply(new ConsumerGroupOutcome<>(Optional.empty(), Optional.empty(),
                        List.of(new ConsumerTimerChange(timer, OptionalLong.of(now + RETRY_MS)))));
            }
            return;
        }
        apply(group.onTimer(timer, now));
        writeImageLogged();
    }

    /** Hands the write of the group's image to a thread that may block, if the image changed. */
    private void writeImageLater() {
        if (group.changes() != storedAtChanges && !currentImage().equals(stored)) {
            states.later(this::writeImageLogged);
        }
    }

    /** {@link #writeImage} for a write nobody waits for: a failure is logged, and the next change writes again. */
    private synchronized void writeImageLogged() {
        try {
            writeImage();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Consumer group {0} could not store its state; its next change"
                    + " stores it: {1}", group.groupId().value(), e.toString());
        }
    }

    /** The image the store should hold of the group now: none once it has no member left. */
    private Optional<ConsumerGroupImage> currentImage() {
        return group.state() == ConsumerGroupState.DEAD || group.members().isEmpty()
                ? Optional.empty() : Optional.of(group.image());
    }

    /**
     * Writes the group's image if it changed since the last one written; a group without members keeps none. A
     * request that changed nothing the image holds (a steady member's heartbeat) builds no image.
     */
    private void writeImage() {
        long changes = group.changes();
        if (changes == storedAtChanges) {
            return;
        }
        Optional<ConsumerGroupImage> now = currentImage();
        if (!now.equals(stored)) {
            if (now.isPresent()) {
                states.put(now.get(), coordinatorEpoch);
            } else {
                states.remove(group.groupId(), coordinatorEpoch);
            }
            stored = now;
        }
        storedAtChanges = changes;
    }

    private void apply(ConsumerGroupOutcome<?> outcome) {
        for (ConsumerTimerChange change : outcome.timers()) {
            Scheduler.Cancellable previous = armed.remove(change.timer());
            if (previous != null) {
                previous.cancel();
            }
            change.deadlineMs().ifPresent(deadline -> armed.put(change.timer(), scheduler.schedule(
                    Duration.ofMillis(Math.max(0, deadline - clock.millis())), () -> fire(change.timer()))));
        }
        logEpoch();
    }

    /** One line each time the group epoch moves on: what an operator follows. */
    private void logEpoch() {
        if (group.groupEpoch() != loggedEpoch && group.state() != ConsumerGroupState.DEAD) {
            LOG.log(System.Logger.Level.INFO, "Consumer group {0} is at epoch {1} with {2} members, assignor {3}",
                    group.groupId().value(), String.valueOf(group.groupEpoch()),
                    String.valueOf(group.members().size()), group.describe().assignorName());
            loggedEpoch = group.groupEpoch();
        }
    }
}
