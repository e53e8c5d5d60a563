package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

class TopicServiceTest {

    private static final TopicName ORDERS = TopicName.of("orders");

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(3, true, 1 << 20), 1);

    @Test
    void shouldCreateATopicWithTheDefaultPartitionCount() {
        Topic topic = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        assertThat(topic.partitionCount()).isEqualTo(3);
        assertThat(topic.id().isNone()).isFalse();
        assertThat(broker.topics.findTopic(ORDERS)).contains(topic);
        assertThat(broker.topics.findTopic(topic.id())).contains(topic);
    }

    @Test
    void shouldOpenThePartitionsOfANewTopic() {
        Topic topic = create(ORDERS, OptionalInt.of(2), OptionalInt.empty(), Map.of(), false);

        assertThat(broker.appendNow(topic.partition(0), records(1).build())).isZero();
        assertThat(broker.appendNow(topic.partition(1), records(1).build())).isZero();
    }

    @Test
    void shouldRefuseATakenName() {
        broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        assertThat(failureOf(broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS))))
                .isInstanceOf(TopicAlreadyExistsException.class);
    }

    @Test
    void shouldRefuseANameThatCollidesOnDotAndUnderscore() {
        broker.topics.createTopic(CreateTopicCommand.withDefaults(TopicName.of("metrics.cpu"))).join();

        assertThat(failureOf(broker.topics.createTopic(CreateTopicCommand.withDefaults(TopicName.of("metrics_cpu")))))
                .isInstanceOf(InvalidTopicException.class);
        assertThat(broker.topics.listTopics()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "3, 4"})
    void shouldRefuseAReplicationFactorTheClusterCannotHonour(int brokers, int replicationFactor) {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults(), brokers);

        assertThat(failureOf(cluster.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(),
                OptionalInt.of(replicationFactor), Map.of(), false))))
                .isInstanceOf(InvalidReplicationFactorException.class);
        assertThat(cluster.topics.listTopics()).isEmpty();
    }

    @Test
    void shouldAcceptAReplicationFactorUpToTheBrokerCount() {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults(), 3);

        Topic topic = cluster.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(), OptionalInt.of(3),
                Map.of(), false)).join();

        assertThat(cluster.topics.findTopic(ORDERS)).contains(topic);
        assertThat(topic.replicationFactor()).isEqualTo(3);
    }

    @Test
    void shouldGiveATopicCreatedWithoutAReplicationFactorTheBrokersDefault() {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults().withDefaultReplicationFactor(2), 3);

        Topic asked = cluster.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();
        Topic auto = cluster.topics.findOrAutoCreate(TopicName.of("auto")).join().orElseThrow();

        assertThat(asked.replicationFactor()).isEqualTo(2);
        assertThat(auto.replicationFactor()).isEqualTo(2);
        assertThat(broker.topics.createTopic(CreateTopicCommand.withDefaults(TopicName.of("alone"))).join()
                .replicationFactor()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTopicConfigs() {
        assertThat(failureOf(attempt(ORDERS, OptionalInt.empty(), OptionalInt.empty(),
                Map.of("cleanup.policy", "purge"), false)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cleanup.policy");
        assertThat(broker.topics.listTopics()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 3", "2, 2", "3, 1"})
    void shouldTakeAMinInSyncReplicasThatAMajorityOfTheReplicasMeets(int minInSyncReplicas, int replicationFactor) {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults(), 3);

        Topic topic = cluster.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(),
                OptionalInt.of(replicationFactor), Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas)),
                false)).join();

        assertThat(topic.configs()).containsEntry("min.insync.replicas", Integer.toString(minInSyncReplicas));
        assertThat(cluster.topics.findTopic(ORDERS)).contains(topic);
    }

    @Test
    void shouldRefuseAMinInSyncReplicasAboveTheMajorityThatAcksAllWaitsFor() {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults(), 3);

        assertThat(failureOf(cluster.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(),
                OptionalInt.of(3), Map.of("min.insync.replicas", "3"), false))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("min.insync.replicas")
                .hasMessageContaining("at most 2");
        assertThat(cluster.topics.listTopics()).isEmpty();
    }

    @Test
    void shouldCreateNothingWhenOnlyValidating() {
        Topic validated = create(ORDERS, OptionalInt.of(5), OptionalInt.empty(), Map.of(), true);

        assertThat(validated.partitionCount()).isEqualTo(5);
        assertThat(broker.topics.listTopics()).isEmpty();
        assertThat(broker.topics.findTopic(ORDERS)).isEmpty();
        assertThat(broker.append(validated.partition(0), records(1).build())).isCompletedExceptionally();
    }

    @Test
    void shouldStillReportErrorsWhenOnlyValidating() {
        broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        assertThat(failureOf(attempt(ORDERS, OptionalInt.empty(), OptionalInt.empty(), Map.of(), true)))
                .isInstanceOf(TopicAlreadyExistsException.class);
    }

    @Test
    void shouldListTopicsSortedByName() {
        for (String name : new String[] {"zebra", "alpha", "middle"}) {
            broker.topics.createTopic(CreateTopicCommand.withDefaults(TopicName.of(name))).join();
        }

        assertThat(broker.topics.listTopics()).extracting(topic -> topic.name().value())
                .containsExactly("alpha", "middle", "zebra");
    }

    @Test
    void shouldDeleteATopicByNameWithItsData() {
        Topic topic = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();
        broker.appendNow(topic.partition(0), records(1).build());

        Topic deleted = broker.topics.deleteTopic(ORDERS).join();

        assertThat(deleted).isEqualTo(topic);
        assertThat(broker.topics.findTopic(ORDERS)).isEmpty();
        assertThat(broker.store.hasAnyDataOf(topic.id())).isFalse();
        assertThat(broker.append(topic.partition(0), records(1).build())).isCompletedExceptionally();
    }

    @Test
    void shouldDeleteATopicById() {
        Topic topic = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        broker.topics.deleteTopic(topic.id()).join();

        assertThat(broker.topics.findTopic(topic.id())).isEmpty();
        assertThat(broker.topics.findTopic(ORDERS)).isEmpty();
    }

    @Test
    void shouldRefuseToDeleteAnUnknownTopic() {
        assertThat(failureOf(broker.topics.deleteTopic(ORDERS))).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(failureOf(broker.topics.deleteTopic(TopicId.random()))).isInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void shouldStartARecreatedTopicEmptyUnderANewId() {
        Topic first = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();
        broker.appendNow(first.partition(0), records(5).build());
        broker.topics.deleteTopic(ORDERS).join();

        Topic second = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(broker.appendNow(second.partition(0), records(1).build())).isZero();
    }

    @Test
    void shouldAutoCreateWhenTheBrokerAllowsIt() {
        Optional<Topic> topic = broker.topics.findOrAutoCreate(ORDERS).join();

        assertThat(topic).hasValueSatisfying(created -> assertThat(created.partitionCount()).isEqualTo(3));
        assertThat(broker.topics.findTopic(ORDERS)).isEqualTo(topic);
    }

    @Test
    void shouldNotAutoCreateWhenTheBrokerDisablesIt() {
        CoreOnFakes noAutoCreate = new CoreOnFakes(new BrokerConfig(1, false, 1 << 20), 1);

        assertThat(noAutoCreate.topics.findOrAutoCreate(ORDERS).join()).isEmpty();
        assertThat(noAutoCreate.topics.listTopics()).isEmpty();
    }

    @Test
    void shouldFindAnExistingTopicWithoutCreatingAnother() {
        Topic existing = broker.topics.createTopic(CreateTopicCommand.withDefaults(ORDERS)).join();

        assertThat(broker.topics.findOrAutoCreate(ORDERS)).isCompletedWithValue(Optional.of(existing));
        assertThat(broker.topics.listTopics()).hasSize(1);
    }

    @Test
    void shouldAutoCreateNothingMoreWhenAnotherBrokerCreatedTheTopicFirst() {
        Topic createdElsewhere = Topic.create(ORDERS, 4);
        TopicService topics = brokerOfACluster(createdElsewhere, true);

        Optional<Topic> found = topics.findOrAutoCreate(ORDERS).join();

        assertThat(found).contains(createdElsewhere);
        assertThat(topics.listTopics()).containsExactly(createdElsewhere);
    }

    @Test
    void shouldTellTheClientToAskAgainForATopicCreatedElsewhereAndNotKnownHereYet() {
        TopicService topics = brokerOfACluster(Topic.create(ORDERS, 4), false);

        assertThat(failureOf(topics.findOrAutoCreate(ORDERS))).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(topics.listTopics()).isEmpty();
    }

    /**
     * The topics of one broker of three, whose first creation of a topic the log refuses because another
     * broker's creation of that name took its place in the log just before, after this broker checked that the
     * name was free; applied here first, or not yet.
     */
    private static TopicService brokerOfACluster(Topic createdElsewhere, boolean appliedHere) {
        InMemoryTopicCatalogFake catalog = new InMemoryTopicCatalogFake();
        InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        StaticClusterViewFake cluster = new StaticClusterViewFake(3);
        PartitionRegistry partitions = new PartitionRegistry(logs, cluster, new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS);
        CommandApplier applier = new CommandApplier(catalog, partitions, logs, new InMemoryCommittedOffsetStoreFake(),
                new SequentialProducerIdBlockStoreFake(0), new InMemoryTransactionStateStoreFake(),
                new InMemoryGroupConfigStoreFake(),
                new io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake());
        return new TopicService(catalog, partitions, new OtherBrokerCreatesFirst(applier, createdElsewhere, appliedHere),
                cluster, new BrokerConfig(3, true, 1 << 20), Runnable::run);
    }

    private static final class OtherBrokerCreatesFirst implements ReplicatedLog {

        private final ApplyCommandUseCase applier;
        private final boolean appliedHere;
        private Topic createdElsewhere;

        OtherBrokerCreatesFirst(ApplyCommandUseCase applier, Topic createdElsewhere, boolean appliedHere) {
            this.applier = applier;
            this.createdElsewhere = createdElsewhere;
            this.appliedHere = appliedHere;
        }

        @Override
        public void start() {
        }

        @Override
        public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
            if (command instanceof ReplicatedCommand.CreateTopic && createdElsewhere != null) {
                Topic first = createdElsewhere;
                createdElsewhere = null;
                if (!appliedHere) {
                    return CompletableFuture.failedFuture(
                            new TopicAlreadyExistsException("Topic '" + first.name() + "' already exists"));
                }
                applier.apply(new ReplicatedCommand.CreateTopic(first), 0).join();
            }
            return applier.apply(command, 0);
        }

        @Override
        public void stop() {
        }
    }

    private Topic create(TopicName name, OptionalInt partitions, OptionalInt replicationFactor,
                         Map<String, String> configs, boolean validateOnly) {
        return attempt(name, partitions, replicationFactor, configs, validateOnly).join();
    }

    private CompletableFuture<Topic> attempt(TopicName name, OptionalInt partitions, OptionalInt replicationFactor,
                                             Map<String, String> configs, boolean validateOnly) {
        return broker.topics.createTopic(new CreateTopicCommand(name, partitions, replicationFactor, configs, validateOnly));
    }
}
