package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.group.consumer.ConsumerGroupState;

import java.util.Locale;
import java.util.Optional;

/** The names Kafka gives consumer group states on the wire (ListGroups, ConsumerGroupDescribe). */
final class ConsumerGroupStateNames {

    private ConsumerGroupStateNames() {
    }

    static String toWire(ConsumerGroupState state) {
        return switch (state) {
            case EMPTY -> "Empty";
            case RECONCILING -> "Reconciling";
            case STABLE -> "Stable";
            case DEAD -> "Dead";
        };
    }

    /** The state with this wire name, ignoring case and surrounding blanks, as ListGroups' state filter matches it. */
    static Optional<ConsumerGroupState> fromWire(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ConsumerGroupState state : ConsumerGroupState.values()) {
            if (toWire(state).toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
