package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogTransactionContract;

class InMemoryPartitionLogTransactionTest extends PartitionLogTransactionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStore();
    }
}
