package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer owed to one member's request: a result or an error, never both.
 *
 * @param <R> the result type
 */
public record Completion<R>(String memberId, Optional<R> result, Optional<HexalogException> error) {

    public Completion {
        Objects.requireNonNull(memberId, "memberId");
        if (result.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("A completion holds either a result or an error");
        }
    }

    public static <R> Completion<R> success(String memberId, R result) {
        return new Completion<>(memberId, Optional.of(result), Optional.empty());
    }

    public static <R> Completion<R> failure(String memberId, HexalogException error) {
        return new Completion<>(memberId, Optional.empty(), Optional.of(error));
    }
}
