package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.group.GroupState;

import java.util.Locale;
import java.util.Optional;

/** The names Kafka gives group states on the wire (DescribeGroups, ListGroups), as Kafka's {@code ClassicGroupState} spells them. */
final class GroupStateNames {

    private GroupStateNames() {
    }

    static String toWire(GroupState state) {
        return switch (state) {
            case EMPTY -> "Empty";
            case PREPARING_REBALANCE -> "PreparingRebalance";
            case COMPLETING_REBALANCE -> "CompletingRebalance";
            case STABLE -> "Stable";
            case DEAD -> "Dead";
        };
    }

    /** The state with this wire name, ignoring case and surrounding blanks, as ListGroups' state filter matches it. */
    static Optional<GroupState> fromWire(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (GroupState state : GroupState.values()) {
            if (toWire(state).toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
