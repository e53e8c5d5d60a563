package io.hexalog.domain.group;

import io.hexalog.domain.error.InvalidGroupIdException;

/** The name of a consumer group ({@code group.id}). */
public record GroupId(String value) implements Comparable<GroupId> {

    public GroupId {
        if (value == null || value.isEmpty()) {
            throw new InvalidGroupIdException("The group ID must not be empty");
        }
    }

    public static GroupId of(String value) {
        return new GroupId(value);
    }

    @Override
    public int compareTo(GroupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
