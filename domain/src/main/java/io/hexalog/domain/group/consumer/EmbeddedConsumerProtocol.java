package io.hexalog.domain.group.consumer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bytes a classic consumer puts in JoinGroup (its Subscription) and gets back in SyncGroup (its Assignment),
 * Kafka's "consumer" embedded protocol, read and written where a classic member belongs to a consumer group: the
 * broker then learns the member's topics and the partitions it still owns from the first, and hands out the
 * assignment it computed in the second. Versions 0 to 3 are known; a newer version is read as far as version 3
 * goes, as Kafka's clients promise to only add fields at the end.
 * <pre>
 * Subscription: version int16, topics [string], user data nullable bytes,
 *               (v1+) owned partitions [topic string, partitions [int32]], (v2+) generation int32,
 *               (v3+) rack nullable string
 * Assignment:   version int16, partitions [topic string, partitions [int32]], user data nullable bytes
 * </pre>
 */
final class EmbeddedConsumerProtocol {

    /** The protocol type of consumers in JoinGroup. */
    static final String PROTOCOL_TYPE = "consumer";

    private static final short HIGHEST_VERSION = 3;

    private EmbeddedConsumerProtocol() {
    }

    /**
     * A member's Subscription.
     *
     * @param version the version the member wrote it in, which its Assignment is written in too
     * @param owned   the partitions the member says it owns, by topic name (empty before version 1)
     */
    record Subscription(short version, List<String> topics, Map<String, Set<Integer>> owned, Optional<String> rackId) {
    }

    /** @throws IllegalArgumentException if the bytes are not a Subscription */
    static Subscription subscription(byte[] metadata) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(metadata);
            short version = buffer.getShort();
            if (version < 0) {
                throw new IllegalArgumentException("Subscription version " + version + " is not valid");
            }
            List<String> topics = new ArrayList<>();
            for (int i = count(buffer); i > 0; i--) {
                topics.add(string(buffer).orElseThrow(() -> new IllegalArgumentException("A topic name is null")));
            }
            skipBytes(buffer);
            Map<String, Set<Integer>> owned = version >= 1 ? partitions(buffer) : Map.of();
            if (version >= 2) {
                buffer.getInt();
            }
            Optional<String> rack = version >= 3 ? string(buffer) : Optional.empty();
            return new Subscription(version, topics, owned, rack);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("The subscription ends too early", e);
        }
    }

    /** The partitions of an Assignment by topic name; empty bytes (no assignment yet) are no partitions. */
    static Map<String, Set<Integer>> assignment(byte[] assignment) {
        if (assignment.length == 0) {
            return Map.of();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(assignment);
            short version = buffer.getShort();
            if (version < 0) {
                throw new IllegalArgumentException("Assignment version " + version + " is not valid");
            }
            return partitions(buffer);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("The assignment ends too early", e);
        }
    }

    /** An Assignment without user data, in the member's Subscription version (at most the highest known). */
    static byte[] assignment(Map<String, Set<Integer>> partitions, short subscriptionVersion) {
        short version = (short) Math.min(subscriptionVersion, HIGHEST_VERSION);
        Map<String, byte[]> names = new LinkedHashMap<>();
        int size = 2 + 4 + 4;
        for (var entry : partitions.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            names.put(entry.getKey(), name);
            size += 2 + name.length + 4 + 4 * entry.getValue().size();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(version);
        buffer.putInt(partitions.size());
        partitions.forEach((topic, indexes) -> {
            byte[] name = names.get(topic);
            buffer.putShort((short) name.length);
            buffer.put(name);
            buffer.putInt(indexes.size());
            indexes.forEach(buffer::putInt);
        });
        buffer.putInt(-1);
        return buffer.array();
    }

    private static Map<String, Set<Integer>> partitions(ByteBuffer buffer) {
        Map<String, Set<Integer>> partitions = new LinkedHashMap<>();
        for (int i = count(buffer); i > 0; i--) {
            String topic = string(buffer).orElseThrow(() -> new IllegalArgumentException("A topic name is null"));
            Set<Integer> indexes = partitions.computeIfAbsent(topic, t -> new TreeSet<>());
            for (int j = count(buffer); j > 0; j--) {
                indexes.add(buffer.getInt());
            }
        }
        return partitions;
    }

    private static int count(ByteBuffer buffer) {
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining()) {
            throw new IllegalArgumentException("An array of " + count + " elements does not fit");
        }
        return count;
    }

    private static Optional<String> string(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static void skipBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length > 0) {
            buffer.position(buffer.position() + length);
        }
    }
}
