package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CleanerCheckpointStoreContract;
import io.hexalog.domain.topic.TopicId;

class InMemoryCleanerCheckpointStoreTest extends CleanerCheckpointStoreContract {

    private InMemoryStorage storage;

    @Override
    protected CleanerCheckpointStore createStore() {
        storage = new InMemoryStorage();
        return storage.cleanerCheckpointStore();
    }

    @Override
    protected void deleteTopic(TopicId topicId) {
        storage.partitionLogStore().deleteTopic(topicId).join();
    }
}
