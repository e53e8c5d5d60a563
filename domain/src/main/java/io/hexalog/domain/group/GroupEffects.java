package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operation on a group caused beyond its own answer: parked JoinGroup and SyncGroup requests of
 * members to answer now, and timers to arm or cancel. The coordinator applies them in this order.
 */
public record GroupEffects(List<Completion<JoinResult>> joins, List<Completion<SyncResult>> syncs,
                           List<TimerChange> timers) {

    public static final GroupEffects NONE = new GroupEffects(List.of(), List.of(), List.of());

    public GroupEffects {
        joins = List.copyOf(joins);
        syncs = List.copyOf(syncs);
        timers = List.copyOf(timers);
    }

    public boolean isEmpty() {
        return joins.isEmpty() && syncs.isEmpty() && timers.isEmpty();
    }

    /** Collects effects while an operation runs. */
    static final class Collector {
        private final List<Completion<JoinResult>> joins = new ArrayList<>();
        private final List<Completion<SyncResult>> syncs = new ArrayList<>();
        private final List<TimerChange> timers = new ArrayList<>();

        void join(String memberId, JoinResult result) {
            joins.add(Completion.success(memberId, result));
        }

        void joinFailed(String memberId, HexalogException error) {
            joins.add(Completion.failure(memberId, error));
        }

        void sync(String memberId, SyncResult result) {
            syncs.add(Completion.success(memberId, result));
        }

        void syncFailed(String memberId, HexalogException error) {
            syncs.add(Completion.failure(memberId, error));
        }

        void arm(GroupTimer timer, long deadlineMs) {
            timers.add(new TimerChange.Arm(timer, deadlineMs));
        }

        void cancel(GroupTimer timer) {
            timers.add(new TimerChange.Cancel(timer));
        }

        GroupEffects effects() {
            return new GroupEffects(joins, syncs, timers);
        }
    }
}
