package io.hexalog.domain.transaction;

import io.hexalog.domain.error.InvalidRequestException;

/** The name a transactional producer gives itself ({@code transactional.id}); it outlives producer instances. */
public record TransactionalId(String value) implements Comparable<TransactionalId> {

    public TransactionalId {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("The transactional ID must not be empty");
        }
    }

    public static TransactionalId of(String value) {
        return new TransactionalId(value);
    }

    @Override
    public int compareTo(TransactionalId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
