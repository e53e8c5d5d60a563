package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layout of the {@code committed_offsets} column family: the group ID (int32 length, UTF-8 bytes), the
 * topic name (int16 length, UTF-8 bytes) and the partition (int32), big-endian. The lengths come first, so
 * no group's prefix begins another group's keys: RocksDB's bytewise order keeps one group's keys
 * contiguous, and within them one topic's keys, sorted by partition.
 */
final class CommittedOffsetKeys {

    /**
     * A topic length no key holds (topic names have at most 249 bytes), so the group prefix followed by it
     * sorts after every key of the group.
     */
    private static final short PAST_ANY_TOPIC_LENGTH = Short.MIN_VALUE;

    private CommittedOffsetKeys() {
    }

    /** The first possible key of the group: its prefix alone sorts before every key that extends it. */
    static byte[] groupStart(GroupId group) {
        byte[] id = utf8(group.value());
        return ByteBuffer.allocate(Integer.BYTES + id.length).putInt(id.length).put(id).array();
    }

    /** A key after every key of the group and before any other group's keys that follow it. */
    static byte[] groupEnd(GroupId group) {
        byte[] start = groupStart(group);
        return ByteBuffer.allocate(start.length + Short.BYTES).put(start).putShort(PAST_ANY_TOPIC_LENGTH).array();
    }

    /** The first possible key of the group's offsets in the topic. */
    static byte[] topicStart(GroupId group, TopicName topic) {
        byte[] start = groupStart(group);
        byte[] name = utf8(topic.value());
        return ByteBuffer.allocate(start.length + Short.BYTES + name.length)
                .put(start)
                .putShort((short) name.length)
                .put(name)
                .array();
    }

    /** A key after every key of the group's offsets in the topic: no partition has the sign bit set. */
    static byte[] topicEnd(GroupId group, TopicName topic) {
        return withPartition(topicStart(group, topic), Integer.MIN_VALUE);
    }

    static byte[] key(GroupId group, TopicPartition partition) {
        return withPartition(topicStart(group, partition.topic()), partition.partition());
    }

    static GroupId groupOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        return GroupId.of(readString(buffer, buffer.getInt()));
    }

    static TopicPartition partitionOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        buffer.position(Integer.BYTES + buffer.getInt());
        TopicName topic = TopicName.of(readString(buffer, buffer.getShort()));
        return new TopicPartition(topic, buffer.getInt());
    }

    private static byte[] withPartition(byte[] topicStart, int partition) {
        return ByteBuffer.allocate(topicStart.length + Integer.BYTES).put(topicStart).putInt(partition).array();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String readString(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
