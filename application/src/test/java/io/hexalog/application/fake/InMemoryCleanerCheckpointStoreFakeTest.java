package io.hexalog.application.fake;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CleanerCheckpointStoreContract;
import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCleanerCheckpointStoreFakeTest extends CleanerCheckpointStoreContract {

    @Override
    protected CleanerCheckpointStore createStore() {
        return new InMemoryCleanerCheckpointStoreFake();
    }

    @Override
    protected void deleteTopic(TopicId topicId) {
        ((InMemoryCleanerCheckpointStoreFake) store()).deleteTopic(topicId);
    }

    @Test
    void shouldCountTheCheckpointsWritten() {
        InMemoryCleanerCheckpointStoreFake fake = (InMemoryCleanerCheckpointStoreFake) store();
        fake.checkpoint(TABLE_0, 1).join();
        fake.checkpoint(TABLE_0, 2).join();

        assertThat(fake.written()).isEqualTo(2);
    }
}
