package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * Key layout of the per-partition column families: big-endian topic ID (16 bytes), partition (4 bytes)
 * and a non-negative long (8 bytes: a base offset, or a producer ID). RocksDB orders keys bytewise, so
 * the keys of one partition are contiguous and sorted by that long, and those of one topic are contiguous.
 */
final class Keys {

    static final int TOPIC_ID_LENGTH = 16;
    static final int PARTITION_PREFIX_LENGTH = TOPIC_ID_LENGTH + Integer.BYTES;
    static final int KEY_LENGTH = PARTITION_PREFIX_LENGTH + Long.BYTES;

    private Keys() {
    }

    static byte[] topicId(TopicId topicId) {
        return ByteBuffer.allocate(TOPIC_ID_LENGTH)
                .putLong(topicId.uuid().getMostSignificantBits())
                .putLong(topicId.uuid().getLeastSignificantBits())
                .array();
    }

    /** The first possible key of the topic: its ID alone sorts before every key that extends it. */
    static byte[] topicStart(TopicId topicId) {
        return topicId(topicId);
    }

    /**
     * A key after every key of the topic: partitions are non-negative, so none starts with the sign bit
     * that this bound's partition field sets.
     */
    static byte[] topicEnd(TopicId topicId) {
        return ByteBuffer.allocate(PARTITION_PREFIX_LENGTH).put(topicId(topicId)).putInt(Integer.MIN_VALUE).array();
    }

    static byte[] partitionPrefix(TopicIdPartition partition) {
        return ByteBuffer.allocate(PARTITION_PREFIX_LENGTH)
                .put(topicId(partition.topicId()))
                .putInt(partition.partition())
                .array();
    }

    /** A key after every key of the partition, for the same reason as {@link #topicEnd}. */
    static byte[] partitionEnd(TopicIdPartition partition) {
        return key(partition, Long.MIN_VALUE);
    }

    /** The key of a batch (by base offset) or of a producer state (by producer ID). */
    static byte[] key(TopicIdPartition partition, long value) {
        return ByteBuffer.allocate(KEY_LENGTH)
                .put(topicId(partition.topicId()))
                .putInt(partition.partition())
                .putLong(value)
                .array();
    }

    /** The long that ends a key: a batch's base offset or a producer ID. */
    static long valueOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong(PARTITION_PREFIX_LENGTH);
    }

    static TopicId topicIdOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        return new TopicId(new UUID(buffer.getLong(0), buffer.getLong(Long.BYTES)));
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
