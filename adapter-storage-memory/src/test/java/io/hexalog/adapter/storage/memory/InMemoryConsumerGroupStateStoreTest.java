package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.ConsumerGroupStateStoreContract;

class InMemoryConsumerGroupStateStoreTest extends ConsumerGroupStateStoreContract {

    @Override
    protected ConsumerGroupStateStore createStore() {
        return new InMemoryConsumerGroupStateStore();
    }
}
