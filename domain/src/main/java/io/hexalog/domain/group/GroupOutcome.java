package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request to a group led to: either its answer now, or the member ID under which the request waits
 * (a parked JoinGroup or SyncGroup, answered later through {@link GroupEffects}); plus the effects on
 * other members and timers.
 *
 * @param <R> the result type of the request
 */
public record GroupOutcome<R>(Optional<Completion<R>> reply, Optional<String> parkedAs, GroupEffects effects) {

    public GroupOutcome {
        Objects.requireNonNull(effects, "effects");
        if (reply.isPresent() == parkedAs.isPresent()) {
            throw new IllegalArgumentException("A request is either answered or parked");
        }
    }

    static <R> GroupOutcome<R> replied(String memberId, R result, GroupEffects effects) {
        return new GroupOutcome<>(Optional.of(Completion.success(memberId, result)), Optional.empty(), effects);
    }

    static <R> GroupOutcome<R> failed(String memberId, HexalogException error, GroupEffects effects) {
        return new GroupOutcome<>(Optional.of(Completion.failure(memberId, error)), Optional.empty(), effects);
    }

    static <R> GroupOutcome<R> failed(String memberId, HexalogException error) {
        return failed(memberId, error, GroupEffects.NONE);
    }

    static <R> GroupOutcome<R> parked(String memberId, GroupEffects effects) {
        return new GroupOutcome<>(Optional.empty(), Optional.of(memberId), effects);
    }

    /** The error this request was answered with, if it was answered with one. */
    public Optional<HexalogException> error() {
        return reply.flatMap(Completion::error);
    }

    /** The result this request was answered with, if it was answered with one. */
    public Optional<R> result() {
        return reply.flatMap(Completion::result);
    }
}
