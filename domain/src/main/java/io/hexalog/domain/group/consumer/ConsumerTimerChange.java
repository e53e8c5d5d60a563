package io.hexalog.domain.group.consumer;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A change to a consumer group's timers, for the coordinator to carry out: fire {@code timer} at the
 * deadline (replacing any earlier arming of it), or, without a deadline, cancel it.
 */
public record ConsumerTimerChange(ConsumerGroupTimer timer, OptionalLong deadlineMs) {

    public ConsumerTimerChange {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(deadlineMs, "deadlineMs");
    }

    static ConsumerTimerChange arm(ConsumerGroupTimer timer, long deadlineMs) {
        return new ConsumerTimerChange(timer, OptionalLong.of(deadlineMs));
    }

    static ConsumerTimerChange cancel(ConsumerGroupTimer timer) {
        return new ConsumerTimerChange(timer, OptionalLong.empty());
    }
}
