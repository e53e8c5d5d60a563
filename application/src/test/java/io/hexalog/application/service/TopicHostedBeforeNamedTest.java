package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.UpdateTopic;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A produce finds a topic through the catalog, then its partition through the registry. Were the catalog to name
 * a topic before its partitions are hosted, a produce in between would be refused while the next one, a moment
 * later, is taken: an idempotent producer's later batch would then be the first its partition sees, and the
 * refused one out of order for good. So a topic's partitions are hosted before the catalog names them.
 */
class TopicHostedBeforeNamedTest {

    private final InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
    private final PartitionRegistry partitions = new PartitionRegistry(logs, new StaticClusterViewFake(1),
            new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS);
    private final WatchingCatalog catalog = new WatchingCatalog();
    private final ApplyCommandUseCase applier = new CommandApplier(catalog, partitions, logs,
            new InMemoryCommittedOffsetStoreFake(), new SequentialProducerIdBlockStoreFake(),
            new InMemoryTransactionStateStoreFake(), new InMemoryGroupConfigStoreFake(),
            new InMemoryConsumerGroupStateStoreFake());

    @Test
    void shouldHostEveryPartitionOfACreatedTopicBeforeTheCatalogNamesIt() {
        Topic orders = Topic.create(TopicName.of("orders"), 3);

        applier.apply(new CreateTopic(orders), 1, ApplyCommandUseCase.NO_LOG_INDEX).join();

        assertThat(catalog.unhostedWhenNamed).isEmpty();
        assertThat(catalog.find(orders.id())).contains(orders);
    }

    @Test
    void shouldHostTheAddedPartitionsOfATopicBeforeTheCatalogNamesThem() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        applier.apply(new CreateTopic(orders), 1, ApplyCommandUseCase.NO_LOG_INDEX).join();

        Topic grown = orders.withPartitionCount(4);
        applier.apply(new UpdateTopic(grown), 1, ApplyCommandUseCase.NO_LOG_INDEX).join();

        assertThat(catalog.unhostedWhenNamed).isEmpty();
        assertThat(catalog.find(orders.id()).orElseThrow().partitionCount()).isEqualTo(4);
        assertThat(partitions.find(grown.partition(3))).isPresent();
    }

    /** Notes, each time it is told of a topic, the partitions of it the registry does not host yet. */
    private final class WatchingCatalog implements TopicCatalog {

        private final InMemoryTopicCatalogFake delegate = new InMemoryTopicCatalogFake();
        final List<TopicIdPartition> unhostedWhenNamed = new ArrayList<>();

        @Override
        public void create(Topic topic) {
            noteUnhosted(topic);
            delegate.create(topic);
        }

        @Override
        public boolean update(Topic topic) {
            noteUnhosted(topic);
            return delegate.update(topic);
        }

        private void noteUnhosted(Topic topic) {
            topic.partitions().stream().filter(partition -> partitions.find(partition).isEmpty())
                    .forEach(unhostedWhenNamed::add);
        }

        @Override
        public boolean delete(TopicId topicId) {
            return delegate.delete(topicId);
        }

        @Override
        public Optional<Topic> find(TopicName name) {
            return delegate.find(name);
        }

        @Override
        public Optional<Topic> find(TopicId id) {
            return delegate.find(id);
        }

        @Override
        public Collection<Topic> list() {
            return delegate.list();
        }

        @Override
        public long version() {
            return delegate.version();
        }
    }
}
