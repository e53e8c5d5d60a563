package io.hexalog.application.fake;

import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.GroupConfigStoreContract;

class InMemoryGroupConfigStoreFakeTest extends GroupConfigStoreContract {

    @Override
    protected GroupConfigStore createStore() {
        return new InMemoryGroupConfigStoreFake();
    }
}
