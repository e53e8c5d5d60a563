package io.hexalog.application.fake;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.ConsumerGroupStateStoreContract;

class InMemoryConsumerGroupStateStoreFakeTest extends ConsumerGroupStateStoreContract {

    @Override
    protected ConsumerGroupStateStore createStore() {
        return new InMemoryConsumerGroupStateStoreFake();
    }
}
