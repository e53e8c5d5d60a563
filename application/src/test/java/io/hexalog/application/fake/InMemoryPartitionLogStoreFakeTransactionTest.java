package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogTransactionContract;

class InMemoryPartitionLogStoreFakeTransactionTest extends PartitionLogTransactionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStoreFake();
    }
}
