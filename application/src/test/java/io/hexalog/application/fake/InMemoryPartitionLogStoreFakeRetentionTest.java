package io.hexalog.application.fake;

import io.hexalog.application.port.out.PartitionLogRetentionContract;
import io.hexalog.application.port.out.PartitionLogStore;

class InMemoryPartitionLogStoreFakeRetentionTest extends PartitionLogRetentionContract {

    @Override
    protected PartitionLogStore createStore() {
        return new InMemoryPartitionLogStoreFake();
    }
}
