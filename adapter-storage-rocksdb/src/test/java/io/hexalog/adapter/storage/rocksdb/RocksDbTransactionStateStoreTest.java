package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TransactionStateStoreContract;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RocksDbTransactionStateStoreTest extends TransactionStateStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected TransactionStateStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.transactionStateStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void shouldKeepTransactionsAndPendingOffsetsAcrossAReopen() {
        GroupId billing = GroupId.of("billing");
        TopicPartition orders = new TopicPartition(TopicName.of("orders"), 3);
        store().put(ongoingPayments());
        store().putPendingOffsets(billing, 17, Map.of(orders, offset(12)));
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.transactionStateStore().transactions()).containsExactly(ongoingPayments());
        assertThat(storage.transactionStateStore().pendingOffsets(billing)).isEqualTo(Map.of(17L, Map.of(orders, offset(12))));
    }

    @Test
    void shouldKeepGroupsWhoseNamesArePrefixesOfEachOtherApart() {
        TopicPartition orders = new TopicPartition(TopicName.of("orders"), 0);
        store().putPendingOffsets(GroupId.of("bill"), 1, Map.of(orders, offset(1)));
        store().putPendingOffsets(GroupId.of("billing"), 1, Map.of(orders, offset(2)));

        store().removePendingOffsets(GroupId.of("bill"), 1);

        assertThat(store().pendingOffsets(GroupId.of("bill"))).isEmpty();
        assertThat(store().pendingOffsets(GroupId.of("billing"))).isEqualTo(Map.of(1L, Map.of(orders, offset(2))));
    }
}
