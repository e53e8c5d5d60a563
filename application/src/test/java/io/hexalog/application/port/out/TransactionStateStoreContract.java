package io.hexalog.application.port.out;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TransactionStateStore} promises, as its Javadoc states it. An adapter's test extends this
 * class and supplies a fresh, empty store.
 */
public abstract class TransactionStateStoreContract {

    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final TransactionalId REFUNDS = TransactionalId.of("refunds");
    private static final GroupId BILLING = GroupId.of("billing");
    private static final GroupId AUDIT = GroupId.of("audit");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);

    private TransactionStateStore store;

    /** A new store holding nothing. */
    protected abstract TransactionStateStore createStore();

    /** The store the test uses, for adapters that close and reopen it. */
    protected TransactionStateStore store() {
        return store;
    }

    @BeforeEach
    void createFreshStore() {
        store = createStore();
    }

    /** Metadata with every field set to something other than its default. */
    protected static TransactionMetadata ongoingPayments() {
        return new TransactionMetadata(PAYMENTS, 17, 11, 23, (short) 4, (short) 3, 60_000, TransactionState.ONGOING,
                Set.of(ORDERS_0, ORDERS_1), Set.of(BILLING, AUDIT), 1_700_000_000_000L, 1_700_000_000_500L,
                TransactionVersion.TV_2);
    }

    protected static CommittedOffset offset(long offset) {
        return new CommittedOffset(offset, OptionalInt.of(2), "meta-" + offset, 1_000 + offset);
    }

    @Test
    void shouldReturnMetadataExactlyAsPut() {
        TransactionMetadata metadata = ongoingPayments();

        store.put(metadata);

        assertThat(store.transactions()).containsExactly(metadata);
    }

    @Test
    void shouldHoldNothingAtFirst() {
        assertThat(store.transactions()).isEmpty();
        assertThat(store.pendingOffsets(BILLING)).isEmpty();
    }

    @Test
    void shouldReplaceTheMetadataOfAnId() {
        store.put(ongoingPayments());
        TransactionMetadata completed = ongoingPayments().endTransaction(ongoingPayments().producer(), true, TransactionVersion.TV_0,
                1_700_000_001_000L, () -> 99).next().complete(1_700_000_002_000L);

        store.put(completed);

        assertThat(store.transactions()).containsExactly(completed);
    }

    @Test
    void shouldForgetARemovedIdAndIgnoreAnUnknownOne() {
        TransactionMetadata refunds = TransactionMetadata.create(REFUNDS, 5, 1000, 10);
        store.put(ongoingPayments());
        store.put(refunds);

        store.remove(PAYMENTS);
        store.remove(TransactionalId.of("never-seen"));

        assertThat(store.transactions()).containsExactly(refunds);
    }

    @Test
    void shouldKeepPendingOffsetsByGroupAndProducer() {
        store.putPendingOffsets(BILLING, 17, Map.of(ORDERS_0, offset(5)));
        store.putPendingOffsets(BILLING, 18, Map.of(ORDERS_0, offset(6)));
        store.putPendingOffsets(AUDIT, 17, Map.of(ORDERS_1, offset(7)));

        assertThat(store.pendingOffsets(BILLING)).isEqualTo(Map.of(
                17L, Map.of(ORDERS_0, offset(5)),
                18L, Map.of(ORDERS_0, offset(6))));
        assertThat(store.pendingOffsets(AUDIT)).isEqualTo(Map.of(17L, Map.of(ORDERS_1, offset(7))));
    }

    @Test
    void shouldReplaceOnlyThePendingOffsetsOfThePartitionsNamed() {
        store.putPendingOffsets(BILLING, 17, Map.of(ORDERS_0, offset(5), ORDERS_1, offset(5)));

        store.putPendingOffsets(BILLING, 17, Map.of(ORDERS_1, offset(9)));

        assertThat(store.pendingOffsets(BILLING)).isEqualTo(Map.of(17L, Map.of(ORDERS_0, offset(5), ORDERS_1, offset(9))));
    }

    @Test
    void shouldForgetOnlyTheRemovedProducersPendingOffsets() {
        store.putPendingOffsets(BILLING, 17, Map.of(ORDERS_0, offset(5)));
        store.putPendingOffsets(BILLING, 18, Map.of(ORDERS_0, offset(6)));
        store.putPendingOffsets(AUDIT, 17, Map.of(ORDERS_0, offset(7)));

        store.removePendingOffsets(BILLING, 17);
        store.removePendingOffsets(BILLING, 99);

        assertThat(store.pendingOffsets(BILLING)).isEqualTo(Map.of(18L, Map.of(ORDERS_0, offset(6))));
        assertThat(store.pendingOffsets(AUDIT)).isEqualTo(Map.of(17L, Map.of(ORDERS_0, offset(7))));
    }
}
