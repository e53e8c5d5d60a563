package io.hexalog.application.port.out;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link CommittedOffsetStore} promises, as its Javadoc states it. An adapter's test extends
 * this class and supplies a fresh, empty store.
 */
public abstract class CommittedOffsetStoreContract {

    private static final GroupId READERS = GroupId.of("readers");
    private static final GroupId WRITERS = GroupId.of("writers");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);
    private static final TopicPartition PAYMENTS_0 = new TopicPartition(TopicName.of("payments"), 0);

    private CommittedOffsetStore store;

    /** A new store holding no offset. */
    protected abstract CommittedOffsetStore createStore();

    @BeforeEach
    void createFreshStore() {
        store = createStore();
    }

    private static CommittedOffset offset(long offset) {
        return new CommittedOffset(offset, OptionalInt.empty(), "", 1_000);
    }

    @Test
    void shouldReturnOffsetsExactlyAsCommitted() {
        CommittedOffset withEpoch = new CommittedOffset(42, OptionalInt.of(3), "checkpoint", 1_700_000_000_000L);
        CommittedOffset withoutEpoch = new CommittedOffset(7, OptionalInt.empty(), "", 5);

        store.commit(READERS, Map.of(ORDERS_0, withEpoch, ORDERS_1, withoutEpoch));

        assertThat(store.offsets(READERS)).containsExactlyInAnyOrderEntriesOf(Map.of(ORDERS_0, withEpoch, ORDERS_1, withoutEpoch));
    }

    @Test
    void shouldHaveNoOffsetsForAGroupThatNeverCommitted() {
        assertThat(store.offsets(READERS)).isEmpty();
        assertThat(store.groups()).isEmpty();
    }

    @Test
    void shouldReplaceOnlyThePartitionsACommitNames() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1), ORDERS_1, offset(1)));

        store.commit(READERS, Map.of(ORDERS_1, offset(2)));

        assertThat(store.offsets(READERS)).containsExactlyInAnyOrderEntriesOf(Map.of(ORDERS_0, offset(1), ORDERS_1, offset(2)));
    }

    @Test
    void shouldKeepTheOffsetsOfGroupsApart() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1)));
        store.commit(WRITERS, Map.of(ORDERS_0, offset(9)));

        assertThat(store.offsets(READERS)).containsExactlyEntriesOf(Map.of(ORDERS_0, offset(1)));
        assertThat(store.offsets(WRITERS)).containsExactlyEntriesOf(Map.of(ORDERS_0, offset(9)));
        assertThat(store.groups()).containsExactlyInAnyOrder(READERS, WRITERS);
    }

    @Test
    void shouldDeleteSomeOffsetsOfAGroupAndIgnorePartitionsWithout() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1), ORDERS_1, offset(1)));

        store.delete(READERS, List.of(ORDERS_1, PAYMENTS_0));

        assertThat(store.offsets(READERS)).containsOnlyKeys(ORDERS_0);
    }

    @Test
    void shouldStopListingAGroupWhoseLastOffsetIsDeleted() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1)));

        store.delete(READERS, List.of(ORDERS_0));

        assertThat(store.groups()).doesNotContain(READERS);
        assertThat(store.offsets(READERS)).isEmpty();
    }

    @Test
    void shouldDeleteEveryOffsetOfAGroupAndOnlyOfThatGroup() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1), PAYMENTS_0, offset(1)));
        store.commit(WRITERS, Map.of(ORDERS_0, offset(2)));

        store.deleteGroup(READERS);

        assertThat(store.offsets(READERS)).isEmpty();
        assertThat(store.groups()).containsExactly(WRITERS);
    }

    @Test
    void shouldDeleteATopicsOffsetsFromEveryGroupAndKeepOtherTopics() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1), ORDERS_1, offset(1), PAYMENTS_0, offset(1)));
        store.commit(WRITERS, Map.of(ORDERS_0, offset(2)));

        store.deleteTopic(TopicName.of("orders"));

        assertThat(store.offsets(READERS)).containsOnlyKeys(PAYMENTS_0);
        assertThat(store.groups()).containsExactly(READERS);
    }

    @Test
    void shouldNotLetAReaderChangeWhatTheStoreHolds() {
        store.commit(READERS, Map.of(ORDERS_0, offset(1)));

        try {
            store.offsets(READERS).clear();
        } catch (UnsupportedOperationException expected) {
            // an unmodifiable view is fine too
        }

        assertThat(store.offsets(READERS)).containsOnlyKeys(ORDERS_0);
    }
}
