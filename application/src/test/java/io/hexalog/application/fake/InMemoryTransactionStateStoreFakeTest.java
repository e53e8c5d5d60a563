package io.hexalog.application.fake;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TransactionStateStoreContract;

class InMemoryTransactionStateStoreFakeTest extends TransactionStateStoreContract {

    @Override
    protected TransactionStateStore createStore() {
        return new InMemoryTransactionStateStoreFake();
    }
}
