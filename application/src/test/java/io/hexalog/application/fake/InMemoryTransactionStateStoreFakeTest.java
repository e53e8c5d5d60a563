package io.hexalog.application.fake;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TransactionStateStoreContract;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTransactionStateStoreFakeTest extends TransactionStateStoreContract {

    @Override
    protected TransactionStateStore createStore() {
        return new InMemoryTransactionStateStoreFake();
    }

    @Test
    void shouldFailOnlyTheNextRemovalOfPendingOffsetsWhenToldAndKeepThemMeanwhile() {
        InMemoryTransactionStateStoreFake store = new InMemoryTransactionStateStoreFake();
        GroupId group = GroupId.of("billing");
        store.putPendingOffsets(group, 7, Map.of(new TopicPartition(TopicName.of("orders"), 0),
                new CommittedOffset(42, OptionalInt.empty(), "", 1000)));
        store.failNextRemovalOfPendingOffsets();

        assertThatThrownBy(() -> store.removePendingOffsets(group, 7)).isInstanceOf(KafkaStorageException.class);
        assertThat(store.pendingOffsets(group)).containsOnlyKeys(7L);
        store.removePendingOffsets(group, 7);
        assertThat(store.pendingOffsets(group)).isEmpty();
    }
}
