package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.PartitionLogCompactionContract;
import io.hexalog.application.port.out.PartitionLogStore;

class InMemoryPartitionLogCompactionTest extends PartitionLogCompactionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStore();
    }
}
