package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.Completion;
import io.hexalog.domain.group.GroupEffects;
import io.hexalog.domain.group.GroupOutcome;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.GroupTimer;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.SyncResult;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One group with what the coordinator keeps around it: the JoinGroup and SyncGroup requests parked until
 * the group answers them, and the group's timers. Operations on the group run one at a time under the
 * slot's lock; parked requests are completed after the lock is released, so that no response is written
 * while the group is locked.
 */
final class GroupSlot {

    private static final System.Logger LOG = System.getLogger(GroupSlot.class.getName());

    private final ClassicGroup group;
    private final Clock clock;
    private final GroupTimers timers;
    private final Map<String, CompletableFuture<JoinResult>> parkedJoins = new HashMap<>();
    private final Map<String, CompletableFuture<SyncResult>> parkedSyncs = new HashMap<>();
    private GroupState loggedState;
    private int loggedGeneration;

    GroupSlot(ClassicGroup group, Clock clock, Scheduler scheduler) {
        this.group = group;
        this.loggedState = group.state();
        this.loggedGeneration = group.generationId();
        this.clock = clock;
        this.timers = new GroupTimers(scheduler, clock, this::fire);
    }

    /** Runs a JoinGroup; the future completes when the group answers it. */
    CompletableFuture<JoinResult> join(Operation<JoinResult> join) {
        return park(join, parkedJoins);
    }

    /** Runs a SyncGroup; the future completes when the group answers it. */
    CompletableFuture<SyncResult> sync(Operation<SyncResult> sync) {
        return park(sync, parkedSyncs);
    }

    /**
     * Runs a request the group answers at once.
     *
     * @throws HexalogException the error the group answered with
     */
    <R> R answer(Operation<R> request) {
        List<Runnable> afterwards = new ArrayList<>();
        GroupOutcome<R> outcome;
        synchronized (this) {
            outcome = request.apply(group, clock.millis());
            apply(outcome.effects(), afterwards);
        }
        afterwards.forEach(Runnable::run);
        Completion<R> reply = outcome.reply().orElseThrow(() -> new IllegalStateException("Request was parked"));
        if (reply.error().isPresent()) {
            throw reply.error().get();
        }
        return reply.result().orElseThrow();
    }

    /** Carries out what happened to the group before this slot held it (the timers of a converted group). */
    void start(GroupEffects effects) {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            apply(effects, afterwards);
        }
        afterwards.forEach(Runnable::run);
    }

    /** Reads or changes the group under its lock, where the change causes no effects. */
    synchronized <T> T locked(Function<ClassicGroup, T> action) {
        return action.apply(group);
    }

    long now() {
        return clock.millis();
    }

    /** An operation on the group at a given time. */
    @FunctionalInterface
    interface Operation<R> {
        GroupOutcome<R> apply(ClassicGroup group, long nowMs);
    }

    private <R> CompletableFuture<R> park(Operation<R> request,
                                          Map<String, CompletableFuture<R>> parked) {
        CompletableFuture<R> future = new CompletableFuture<>();
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            GroupOutcome<R> outcome = request.apply(group, clock.millis());
            if (outcome.parkedAs().isPresent()) {
                CompletableFuture<R> superseded = parked.put(outcome.parkedAs().get(), future);
                if (superseded != null) {
                    afterwards.add(() -> superseded.completeExceptionally(new RebalanceInProgressException(
                            "A newer request of member " + outcome.parkedAs().get() + " replaced this one")));
                }
            } else {
                Completion<R> reply = outcome.reply().orElseThrow();
                afterwards.add(() -> complete(future, reply));
            }
            apply(outcome.effects(), afterwards);
        }
        afterwards.forEach(Runnable::run);
        return future;
    }

    private void fire(GroupTimer timer) {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            apply(group.onTimer(timer, clock.millis()), afterwards);
        }
        afterwards.forEach(Runnable::run);
    }

    private void apply(GroupEffects effects, List<Runnable> afterwards) {
        effects.joins().forEach(completion -> completeParked(parkedJoins, completion, afterwards));
        effects.syncs().forEach(completion -> completeParked(parkedSyncs, completion, afterwards));
        effects.timers().forEach(timers::apply);
        logRebalance();
    }

    /** One line when a rebalance starts and one when it ends in a new generation: what an operator follows. */
    private void logRebalance() {
        if (group.state() == GroupState.PREPARING_REBALANCE && loggedState != GroupState.PREPARING_REBALANCE) {
            LOG.log(System.Logger.Level.INFO, "Group {0} is rebalancing (generation {1}, {2} members)",
                    group.groupId().value(), String.valueOf(group.generationId()), String.valueOf(group.members().size()));
        }
        if (group.generationId() != loggedGeneration) {
            LOG.log(System.Logger.Level.INFO, "Group {0} rebalanced into generation {1} with {2} members, protocol {3}",
                    group.groupId().value(), String.valueOf(group.generationId()),
                    String.valueOf(group.members().size()), group.protocolName().orElse("none"));
        }
        loggedState = group.state();
        loggedGeneration = group.generationId();
    }

    private static <R> void completeParked(Map<String, CompletableFuture<R>> parked, Completion<R> completion,
                                           List<Runnable> afterwards) {
        CompletableFuture<R> future = parked.remove(completion.memberId());
        if (future != null) {
            afterwards.add(() -> complete(future, completion));
        }
    }

    private static <R> void complete(CompletableFuture<R> future, Completion<R> completion) {
        completion.error().ifPresentOrElse(future::completeExceptionally,
                () -> future.complete(completion.result().orElseThrow()));
    }

    /** The group is gone: its timers stop and any request still parked is told to retry. */
    void close() {
        close(() -> new CoordinatorNotAvailableException("Group " + group.groupId() + " was removed"));
    }

    /** The group is gone: its timers stop and any request still parked is answered with the error. */
    void close(Supplier<HexalogException> error) {
        List<CompletableFuture<?>> orphans = new ArrayList<>();
        synchronized (this) {
            timers.cancelAll();
            orphans.addAll(parkedJoins.values());
            orphans.addAll(parkedSyncs.values());
            parkedJoins.clear();
            parkedSyncs.clear();
        }
        orphans.forEach(future -> future.completeExceptionally(error.get()));
    }
}
