package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.ManualScheduler;
import io.hexalog.application.fake.SettableClock;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.fake.UncompressedRecordTimestampReader;
import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** The application services wired to in-memory fakes, as bootstrap wires them to adapters. */
final class TestBroker {

    final InMemoryPartitionLogStoreFake store = new InMemoryPartitionLogStoreFake();
    final InMemoryTopicCatalogFake catalog = new InMemoryTopicCatalogFake();
    final ManualScheduler scheduler = new ManualScheduler();
    final FetchPurgatory purgatory = new FetchPurgatory();
    final SettableClock clock = new SettableClock(Instant.ofEpochMilli(TestBatches.BASE_TIMESTAMP));
    final PartitionRegistry partitions;
    final BrokerSettings settings;
    final TopicService topics;
    final ProduceService produce;
    final FetchService fetch;
    final ListOffsetsService listOffsets;
    final ProducerIdService producerIds = new ProducerIdService(new SequentialProducerIdBlockStoreFake(0));
    final DescribeConfigsService configs;
    final DeleteRecordsService deleteRecords;
    final LeaderEpochService leaderEpochs;
    final LogRetentionService retention;

    TestBroker() {
        this(BrokerSettings.defaults(), 1);
    }

    TestBroker(BrokerSettings settings, int brokerCount) {
        this.settings = settings;
        this.partitions = new PartitionRegistry(store, purgatory, settings.logDefaults());
        this.topics = new TopicService(catalog, partitions, store, new StaticClusterViewFake(brokerCount), settings);
        this.produce = new ProduceService(partitions, settings, clock);
        this.configs = new DescribeConfigsService(catalog, settings);
        this.deleteRecords = new DeleteRecordsService(partitions);
        this.leaderEpochs = new LeaderEpochService(partitions);
        this.retention = new LogRetentionService(partitions, scheduler, clock, settings.retentionCheckInterval());
        this.fetch = new FetchService(partitions, purgatory, scheduler);
        this.listOffsets = new ListOffsetsService(partitions, new UncompressedRecordTimestampReader());
    }

    Topic createTopic(String name, int partitionCount) {
        return topics.createTopic(new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitionCount),
                OptionalInt.empty(), Map.of(), false));
    }

    Topic createTopic(String name, int partitionCount, Map<String, String> configs) {
        return topics.createTopic(new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitionCount),
                OptionalInt.empty(), configs, false));
    }

    CompletableFuture<AppendResult> append(TopicIdPartition partition, RecordBatch... batches) {
        return produce.append(new AppendRecordsCommand(partition, List.of(batches)));
    }

    /** Appends and waits for the result. */
    long appendNow(TopicIdPartition partition, RecordBatch... batches) {
        return append(partition, batches).join().baseOffset();
    }
}
