package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.topic.TopicId;
import org.apache.kafka.common.Uuid;

/** Converts topic IDs between the domain and Kafka's wire type. */
final class TopicIds {

    private TopicIds() {
    }

    static Uuid toWire(TopicId id) {
        return new Uuid(id.uuid().getMostSignificantBits(), id.uuid().getLeastSignificantBits());
    }

    static TopicId fromWire(Uuid id) {
        return new TopicId(new java.util.UUID(id.getMostSignificantBits(), id.getLeastSignificantBits()));
    }
}
