package io.hexalog.domain.group;

import java.util.Objects;

/** A change to a group's timers, for the coordinator to carry out. */
public sealed interface TimerChange {

    GroupTimer timer();

    /** Fire {@code timer} at {@code deadlineMs}, replacing any earlier arming of it. */
    record Arm(GroupTimer timer, long deadlineMs) implements TimerChange {
        public Arm {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** The timer is no longer needed. */
    record Cancel(GroupTimer timer) implements TimerChange {
        public Cancel {
            Objects.requireNonNull(timer, "timer");
        }
    }
}
