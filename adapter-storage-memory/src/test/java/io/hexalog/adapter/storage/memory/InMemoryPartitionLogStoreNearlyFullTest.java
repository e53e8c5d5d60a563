package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;

/**
 * The contract kept by a store whose budget leaves no room for segments to grow: after one first segment of
 * 64 KiB, every segment is of exactly the size its append needs.
 */
class InMemoryPartitionLogStoreNearlyFullTest extends PartitionLogStoreContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStore(new MemoryBudget(100 * 1024));
    }
}
