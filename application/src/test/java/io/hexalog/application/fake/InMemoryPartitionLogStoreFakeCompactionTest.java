package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogCompactionContract;
import io.hexalog.application.port.out.PartitionLogStore;

class InMemoryPartitionLogStoreFakeCompactionTest extends PartitionLogCompactionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStoreFake();
    }
}
