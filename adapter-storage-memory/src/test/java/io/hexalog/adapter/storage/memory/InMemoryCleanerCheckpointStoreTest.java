package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CleanerCheckpointStoreContract;

class InMemoryCleanerCheckpointStoreTest extends CleanerCheckpointStoreContract {

    @Override
    protected CleanerCheckpointStore createStore() {
        return new InMemoryStorage().cleanerCheckpointStore();
    }
}
