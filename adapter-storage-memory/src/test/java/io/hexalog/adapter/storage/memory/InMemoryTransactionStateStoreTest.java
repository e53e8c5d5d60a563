package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TransactionStateStoreContract;

class InMemoryTransactionStateStoreTest extends TransactionStateStoreContract {

    @Override
    protected TransactionStateStore createStore() {
        return new InMemoryStorage().transactionStateStore();
    }
}
