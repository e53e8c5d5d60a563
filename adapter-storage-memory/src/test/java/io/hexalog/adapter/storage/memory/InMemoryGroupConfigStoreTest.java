package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.GroupConfigStoreContract;

class InMemoryGroupConfigStoreTest extends GroupConfigStoreContract {

    @Override
    protected GroupConfigStore createStore() {
        return new InMemoryGroupConfigStore();
    }
}
