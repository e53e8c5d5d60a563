package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.service.BrokerSettings;
import io.hexalog.application.service.ClusterService;
import io.hexalog.application.service.CoordinatorLookup;
import io.hexalog.application.service.DeleteRecordsService;
import io.hexalog.application.service.DeleteTopicWithOffsets;
import io.hexalog.application.service.DescribeConfigsService;
import io.hexalog.application.service.FetchPurgatory;
import io.hexalog.application.service.FetchService;
import io.hexalog.application.service.GroupAdminService;
import io.hexalog.application.service.GroupCoordinator;
import io.hexalog.application.service.GroupTable;
import io.hexalog.application.service.LeaderEpochService;
import io.hexalog.application.service.ListOffsetsService;
import io.hexalog.application.service.LogRetentionService;
import io.hexalog.application.service.OffsetExpiration;
import io.hexalog.application.service.OffsetService;
import io.hexalog.application.service.PartitionRegistry;
import io.hexalog.application.service.ProduceService;
import io.hexalog.application.service.ProducerIdService;
import io.hexalog.application.service.TopicService;

import java.time.Clock;

/**
 * The application core: services built from the outbound ports of the started storage. Domain and
 * application classes carry no injection annotations, so every one is constructed here explicitly.
 */
final class ApplicationModule extends AbstractModule {

    private final BrokerConfig config;
    private final OpenedStorage storage;

    ApplicationModule(BrokerConfig config, OpenedStorage storage) {
        this.config = config;
        this.storage = storage;
    }

    @Override
    protected void configure() {
        bind(OpenedStorage.class).toInstance(storage);
    }

    @Provides
    @Singleton
    BrokerSettings brokerSettings() {
        return config.broker().settings();
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    PartitionLogStore partitionLogStore(OpenedStorage storage) {
        return storage.partitionLogStore();
    }

    @Provides
    @Singleton
    TopicCatalog topicCatalog(OpenedStorage storage) {
        return storage.topicCatalog();
    }

    @Provides
    @Singleton
    ProducerIdBlockStore producerIdBlockStore(OpenedStorage storage) {
        return storage.producerIdBlockStore();
    }

    @Provides
    @Singleton
    AdvertisedListener advertisedListener() {
        return new AdvertisedListener(config.broker().nodeId(), config.listener().advertisedHost(),
                config.listener().port());
    }

    @Provides
    @Singleton
    ClusterView clusterView(OpenedStorage storage, AdvertisedListener listener) {
        return new SingleNodeClusterView(storage.clusterId(), listener::node);
    }

    @Provides
    @Singleton
    ExecutorScheduler executorScheduler() {
        return new ExecutorScheduler();
    }

    @Provides
    @Singleton
    Scheduler scheduler(ExecutorScheduler scheduler) {
        return scheduler;
    }

    @Provides
    @Singleton
    FetchPurgatory fetchPurgatory() {
        return new FetchPurgatory();
    }

    @Provides
    @Singleton
    PartitionRegistry partitionRegistry(PartitionLogStore store, FetchPurgatory purgatory, BrokerSettings settings) {
        return new PartitionRegistry(store, purgatory, settings.logDefaults());
    }

    @Provides
    @Singleton
    ProduceService produceService(PartitionRegistry partitions, BrokerSettings settings, Clock clock) {
        return new ProduceService(partitions, settings, clock);
    }

    @Provides
    @Singleton
    FetchService fetchService(PartitionRegistry partitions, FetchPurgatory purgatory, Scheduler scheduler) {
        return new FetchService(partitions, purgatory, scheduler);
    }

    @Provides
    @Singleton
    ListOffsetsService listOffsetsService(PartitionRegistry partitions, RecordTimestampReader timestamps) {
        return new ListOffsetsService(partitions, timestamps);
    }

    @Provides
    @Singleton
    ProducerIdService producerIdService(ProducerIdBlockStore blocks) {
        return new ProducerIdService(blocks);
    }

    @Provides
    @Singleton
    TopicService topicService(TopicCatalog catalog, PartitionRegistry partitions, PartitionLogStore store,
                              ClusterView cluster, BrokerSettings settings) {
        return new TopicService(catalog, partitions, store, cluster, settings);
    }

    @Provides
    @Singleton
    ClusterService clusterService(ClusterView cluster) {
        return new ClusterService(cluster);
    }

    @Provides
    @Singleton
    DescribeConfigsService describeConfigsService(TopicCatalog catalog, BrokerSettings settings) {
        return new DescribeConfigsService(catalog, settings);
    }

    @Provides
    @Singleton
    CommittedOffsetStore committedOffsetStore(OpenedStorage storage) {
        return storage.committedOffsetStore();
    }

    @Provides
    @Singleton
    DeleteRecordsService deleteRecordsService(PartitionRegistry partitions) {
        return new DeleteRecordsService(partitions);
    }

    @Provides
    @Singleton
    LeaderEpochService leaderEpochService(PartitionRegistry partitions) {
        return new LeaderEpochService(partitions);
    }

    @Provides
    @Singleton
    GroupTable groupTable(BrokerSettings settings, Clock clock, Scheduler scheduler) {
        return new GroupTable(settings.groups(), clock, scheduler);
    }

    @Provides
    @Singleton
    LogRetentionService logRetentionService(PartitionRegistry partitions, Scheduler scheduler, Clock clock,
                                            BrokerSettings settings) {
        return new LogRetentionService(partitions, scheduler, clock, settings.retentionCheckInterval());
    }

    @Provides
    @Singleton
    GroupCoordinator groupCoordinator(GroupTable groups) {
        return new GroupCoordinator(groups);
    }

    @Provides
    @Singleton
    OffsetService offsetService(GroupTable groups, CommittedOffsetStore offsets, TopicCatalog catalog,
                                BrokerSettings settings) {
        return new OffsetService(groups, offsets, catalog, settings.groups());
    }

    @Provides
    @Singleton
    GroupAdminService groupAdminService(GroupTable groups, CommittedOffsetStore offsets) {
        return new GroupAdminService(groups, offsets);
    }

    @Provides
    @Singleton
    OffsetExpiration offsetExpiration(GroupTable groups, CommittedOffsetStore offsets, BrokerSettings settings,
                                      Clock clock, Scheduler scheduler) {
        return new OffsetExpiration(groups, offsets, settings.groups(), clock, scheduler);
    }

    @Provides
    @Singleton
    CoordinatorLookup coordinatorLookup(ClusterView cluster) {
        return new CoordinatorLookup(cluster);
    }

    @Provides
    @Singleton
    DeleteTopicWithOffsets deleteTopicWithOffsets(TopicService topics, CommittedOffsetStore offsets) {
        return new DeleteTopicWithOffsets(topics, offsets);
    }
}
