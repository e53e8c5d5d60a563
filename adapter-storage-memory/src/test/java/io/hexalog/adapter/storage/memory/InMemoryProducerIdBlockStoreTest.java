package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.ProducerIdBlockStoreContract;

class InMemoryProducerIdBlockStoreTest extends ProducerIdBlockStoreContract {

    @Override
    protected ProducerIdBlockStore createStore() {
        return new InMemoryProducerIdBlockStore();
    }
}
