package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.HexalogException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a heartbeat or a fired timer led to: the answer (a result or an error; none for a timer), and the
 * timers the coordinator must arm or cancel.
 *
 * @param <R> the result type
 */
public record ConsumerGroupOutcome<R>(Optional<R> result, Optional<HexalogException> error,
                                      List<ConsumerTimerChange> timers) {

    public ConsumerGroupOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        timers = List.copyOf(timers);
        if (result.isPresent() && error.isPresent()) {
            throw new IllegalArgumentException("An outcome holds a result or an error, not both");
        }
    }

    static <R> ConsumerGroupOutcome<R> answered(R result, List<ConsumerTimerChange> timers) {
        return new ConsumerGroupOutcome<>(Optional.of(result), Optional.empty(), timers);
    }

    static <R> ConsumerGroupOutcome<R> failed(HexalogException error) {
        return new ConsumerGroupOutcome<>(Optional.empty(), Optional.of(error), List.of());
    }

    static <R> ConsumerGroupOutcome<R> effects(List<ConsumerTimerChange> timers) {
        return new ConsumerGroupOutcome<>(Optional.empty(), Optional.empty(), timers);
    }
}
