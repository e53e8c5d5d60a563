package io.hexalog.domain.topic;

import java.util.Objects;
import java.util.UUID;

/**
 * The UUID that identifies one incarnation of a topic (KIP-516): a topic deleted and created again under
 * the same name gets a new ID, so stale references cannot reach the new data.
 */
public record TopicId(UUID uuid) {

    /** Kafka's "zero" UUID, which the protocol uses to mean "no topic ID". */
    public static final TopicId NONE = new TopicId(new UUID(0L, 0L));

    public TopicId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /**
     * A fresh random ID. Like Kafka, never the zero UUID and never one whose base64 form starts with '-',
     * which would be mistaken for a command-line flag.
     */
    public static TopicId random() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            if (uuid.getMostSignificantBits() != 0 && (uuid.getMostSignificantBits() >>> 58) != 62) {
                return new TopicId(uuid);
            }
        }
    }

    public boolean isNone() {
        return equals(NONE);
    }

    @Override
    public String toString() {
        return uuid.toString();
    }
}
