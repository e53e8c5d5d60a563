package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The key layout's ordering, checked the way RocksDB's default comparator compares: unsigned bytewise. */
class KeysTest {

    private static final TopicId ALL_ONES = new TopicId(new UUID(-1L, -1L));
    private static final TopicIdPartition P0 = new TopicIdPartition(ALL_ONES, TopicName.of("t"), 0);
    private static final TopicIdPartition P1 = new TopicIdPartition(ALL_ONES, TopicName.of("t"), 1);

    @Test
    void shouldOrderBatchKeysOfAPartitionByOffset() {
        assertThat(compare(Keys.key(P0, 255), Keys.key(P0, 256))).isNegative();
        assertThat(compare(Keys.key(P0, 0), Keys.key(P0, Long.MAX_VALUE))).isNegative();
    }

    @Test
    void shouldKeepEveryKeyOfAPartitionBetweenItsPrefixAndItsEnd() {
        for (long offset : new long[]{0, 1, Integer.MAX_VALUE, Long.MAX_VALUE}) {
            byte[] key = Keys.key(P0, offset);
            assertThat(Keys.hasPrefix(key, Keys.partitionPrefix(P0))).isTrue();
            assertThat(compare(Keys.partitionPrefix(P0), key)).isNegative();
            assertThat(compare(key, Keys.partitionEnd(P0))).isNegative();
            assertThat(compare(Keys.partitionEnd(P0), Keys.key(P1, 0))).isNegative();
        }
    }

    @Test
    void shouldKeepEveryKeyOfATopicInsideItsRangeEvenForTheLargestId() {
        TopicIdPartition last = new TopicIdPartition(ALL_ONES, TopicName.of("t"), Integer.MAX_VALUE);

        assertThat(compare(Keys.topicStart(ALL_ONES), Keys.key(P0, 0))).isNegative();
        assertThat(compare(Keys.key(last, Long.MAX_VALUE), Keys.topicEnd(ALL_ONES))).isNegative();
    }

    @Test
    void shouldReadBackTheOffsetOfAKey() {
        assertThat(Keys.valueOf(Keys.key(P1, 123_456_789_012L))).isEqualTo(123_456_789_012L);
    }

    private static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
