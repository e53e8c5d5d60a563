package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.group.GroupTimer;
import io.hexalog.domain.group.TimerChange;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The timers one group asked for, on the broker's scheduler: arming a timer again replaces its earlier
 * arming. A replaced timer may still fire if it was already running; the group ignores such late calls.
 */
final class GroupTimers {

    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<GroupTimer> onFire;
    private final Map<GroupTimer, Scheduler.Cancellable> armed = new HashMap<>();

    GroupTimers(Scheduler scheduler, Clock clock, Consumer<GroupTimer> onFire) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.onFire = onFire;
    }

    void apply(TimerChange change) {
        Scheduler.Cancellable previous = armed.remove(change.timer());
        if (previous != null) {
            previous.cancel();
        }
        if (change instanceof TimerChange.Arm arm) {
            Duration delay = Duration.ofMillis(Math.max(0, arm.deadlineMs() - clock.millis()));
            armed.put(arm.timer(), scheduler.schedule(delay, () -> onFire.accept(arm.timer())));
        }
    }

    void cancelAll() {
        armed.values().forEach(Scheduler.Cancellable::cancel);
        armed.clear();
    }
}
