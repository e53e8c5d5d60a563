package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.CommittedOffsetStoreContract;

class InMemoryCommittedOffsetStoreTest extends CommittedOffsetStoreContract {

    @Override
    protected CommittedOffsetStore createStore() {
        return new InMemoryStorage().committedOffsetStore();
    }
}
