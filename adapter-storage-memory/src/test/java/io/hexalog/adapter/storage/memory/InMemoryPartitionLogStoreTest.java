package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;

class InMemoryPartitionLogStoreTest extends PartitionLogStoreContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStore();
    }
}
