package io.hexalog.application.fake;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.CommittedOffsetStoreContract;

class InMemoryCommittedOffsetStoreFakeTest extends CommittedOffsetStoreContract {

    @Override
    protected CommittedOffsetStore createStore() {
        return new InMemoryCommittedOffsetStoreFake();
    }
}
