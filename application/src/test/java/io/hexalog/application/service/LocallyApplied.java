package io.hexalog.application.service;

import io.hexalog.application.fake.ImmediateReplicatedLogFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.domain.config.LogConfig;

import java.util.function.IntSupplier;

/**
 * The replicated views of the stores for a service under test on its own, outside a {@link CoreOnFakes}: their
 * changes pass through a log of one broker that applies them at once to the store given.
 */
final class LocallyApplied {

    private LocallyApplied() {
    }

    static GroupOffsets offsets(CommittedOffsetStore store) {
        return new GroupOffsets(logOver(store, new SequentialProducerIdBlockStoreFake(0)), store);
    }

    static ReplicatedProducerIdBlocks producerIds(ProducerIdBlockStore blocks) {
        return new ReplicatedProducerIdBlocks(logOver(new InMemoryCommittedOffsetStoreFake(),
                blocks));
    }

    /** Consumer groups' states written to {@code store}, by a coordinator of epoch 0 as the log's. */
    static ConsumerGroupStates consumerGroups(ConsumerGroupStateStore store) {
        return consumerGroups(store, () -> 0, () -> 0);
    }

    /**
     * Consumer groups' states written to {@code store} by a coordinator of {@code coordinatorEpoch} through a log in
     * {@code logEpoch}: the log refuses a write from another epoch than its own, as a cluster's metadata log does.
     */
    static ConsumerGroupStates consumerGroups(ConsumerGroupStateStore store, IntSupplier coordinatorEpoch,
                                              IntSupplier logEpoch) {
        InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        CommandApplier applier = new CommandApplier(new InMemoryTopicCatalogFake(),
                new PartitionRegistry(logs, new StaticClusterViewFake(1), new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS),
                logs, new InMemoryCommittedOffsetStoreFake(), new SequentialProducerIdBlockStoreFake(0),
                new InMemoryTransactionStateStoreFake(), new InMemoryGroupConfigStoreFake(), store);
        return new ConsumerGroupStates(new ImmediateReplicatedLogFake(() -> applier, logEpoch), store, coordinatorEpoch,
                Runnable::run);
    }

    /** Consumer groups' states in a store of their own. */
    static ConsumerGroupStates consumerGroups() {
        return consumerGroups(new io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake());
    }

    private static ImmediateReplicatedLogFake logOver(CommittedOffsetStore offsets, ProducerIdBlockStore blocks) {
        InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        CommandApplier applier = new CommandApplier(new InMemoryTopicCatalogFake(),
                new PartitionRegistry(logs, new StaticClusterViewFake(1), new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS),
                logs, offsets, blocks, new InMemoryTransactionStateStoreFake(), new InMemoryGroupConfigStoreFake(),
                new io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake());
        return new ImmediateReplicatedLogFake(() -> applier);
    }
}
