package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.PartitionLogRetentionContract;
import io.hexalog.application.port.out.PartitionLogStore;

class InMemoryPartitionLogRetentionTest extends PartitionLogRetentionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStore();
    }
}
