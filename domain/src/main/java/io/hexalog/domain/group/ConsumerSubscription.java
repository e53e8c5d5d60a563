package io.hexalog.domain.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the topics out of a consumer's JoinGroup metadata (the "consumer" protocol's Subscription). Every
 * version of that structure starts with the version and the topic list, so this prefix is all that is read.
 */
final class ConsumerSubscription {

    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private ConsumerSubscription() {
    }

    /** The subscribed topics; empty if the metadata is not a readable subscription. */
    static Optional<Set<String>> topics(byte[] metadata) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(metadata);
            short version = buffer.getShort();
            if (version < 0) {
                return Optional.empty();
            }
            int count = buffer.getInt();
            if (count < 0 || count > buffer.remaining()) {
                return Optional.empty();
            }
            Set<String> topics = new HashSet<>();
            for (int i = 0; i < count; i++) {
                short length = buffer.getShort();
                if (length < 0 || length > buffer.remaining()) {
                    return Optional.empty();
                }
                byte[] name = new byte[length];
                buffer.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
            return Optional.of(topics);
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
