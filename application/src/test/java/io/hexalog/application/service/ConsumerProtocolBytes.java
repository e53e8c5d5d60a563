package io.hexalog.application.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The consumer protocol's Subscription and Assignment as a classic Java consumer writes and reads them. */
final class ConsumerProtocolBytes {

    private ConsumerProtocolBytes() {
    }

    /** A version 1 Subscription owning nothing. */
    static byte[] subscription(List<String> topics) {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        buffer.putShort((short) 1);
        buffer.putInt(topics.size());
        topics.forEach(topic -> putString(buffer, topic));
        buffer.putInt(-1);
        buffer.putInt(0);
        return bytes(buffer);
    }

    /** A version 1 Assignment without user data. */
    static byte[] assignment(Map<String, List<Integer>> partitions) {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        buffer.putShort((short) 1);
        buffer.putInt(partitions.size());
        partitions.forEach((topic, indexes) -> {
            putString(buffer, topic);
            buffer.putInt(indexes.size());
            indexes.forEach(buffer::putInt);
        });
        buffer.putInt(-1);
        return bytes(buffer);
    }

    /** The partitions of an Assignment, topic by topic. */
    static Map<String, Set<Integer>> partitions(byte[] assignment) {
        ByteBuffer buffer = ByteBuffer.wrap(assignment);
        buffer.getShort();
        Map<String, Set<Integer>> partitions = new TreeMap<>();
        for (int topics = buffer.getInt(); topics > 0; topics--) {
            byte[] name = new byte[buffer.getShort()];
            buffer.get(name);
            Set<Integer> indexes = partitions.computeIfAbsent(new String(name, StandardCharsets.UTF_8), t -> new TreeSet<>());
            for (int count = buffer.getInt(); count > 0; count--) {
                indexes.add(buffer.getInt());
            }
        }
        return partitions;
    }

    private static void putString(ByteBuffer buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) bytes.length);
        buffer.put(bytes);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }
}
