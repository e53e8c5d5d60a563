package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed offset key layout, compared as RocksDB's default comparator does: unsigned bytewise. */
class CommittedOffsetKeysTest {

    private static final GroupId GROUP = GroupId.of("readers");
    private static final String LONGEST_NAME = "z".repeat(TopicName.MAX_LENGTH);

    @Test
    void shouldReadBackTheGroupAndPartitionOfAKey() {
        TopicPartition partition = new TopicPartition(TopicName.of("orders.eu_west-1"), 17);
        GroupId group = GroupId.of("lecteurs-ünïcødé ✓");

        byte[] key = CommittedOffsetKeys.key(group, partition);

        assertThat(CommittedOffsetKeys.groupOf(key)).isEqualTo(group);
        assertThat(CommittedOffsetKeys.partitionOf(key)).isEqualTo(partition);
    }

    @Test
    void shouldKeepEveryKeyOfAGroupBetweenItsStartAndItsEnd() {
        for (TopicPartition partition : List.of(partition("a", 0), partition(LONGEST_NAME, Integer.MAX_VALUE))) {
            byte[] key = CommittedOffsetKeys.key(GROUP, partition);
            assertThat(compare(CommittedOffsetKeys.groupStart(GROUP), key)).isNegative();
            assertThat(compare(key, CommittedOffsetKeys.groupEnd(GROUP))).isNegative();
        }
    }

    @Test
    void shouldNotMixTheKeysOfAGroupWithThoseOfAGroupWhoseIdExtendsIt() {
        GroupId longer = GroupId.of("readers-2");
        byte[] longerKey = CommittedOffsetKeys.key(longer, partition("a", 0));

        boolean inside = compare(CommittedOffsetKeys.groupStart(GROUP), longerKey) < 0
                && compare(longerKey, CommittedOffsetKeys.groupEnd(GROUP)) < 0;

        assertThat(inside).isFalse();
    }

    @Test
    void shouldKeepATopicsKeysApartFromThoseOfATopicWhoseNameExtendsIt() {
        byte[] ordersStart = CommittedOffsetKeys.topicStart(GROUP, TopicName.of("orders"));
        byte[] ordersEnd = CommittedOffsetKeys.topicEnd(GROUP, TopicName.of("orders"));
        byte[] orders = CommittedOffsetKeys.key(GROUP, partition("orders", Integer.MAX_VALUE));
        byte[] ordersArchive = CommittedOffsetKeys.key(GROUP, partition("orders.archive", 0));

        assertThat(Keys.hasPrefix(orders, ordersStart)).isTrue();
        assertThat(compare(orders, ordersEnd)).isNegative();
        assertThat(Keys.hasPrefix(ordersArchive, ordersStart)).isFalse();
    }

    @Test
    void shouldOrderAGroupsKeysOfOneTopicByPartition() {
        assertThat(compare(CommittedOffsetKeys.key(GROUP, partition("t", 255)),
                CommittedOffsetKeys.key(GROUP, partition("t", 256)))).isNegative();
    }

    private static TopicPartition partition(String topic, int partition) {
        return new TopicPartition(TopicName.of(topic), partition);
    }

    private static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
