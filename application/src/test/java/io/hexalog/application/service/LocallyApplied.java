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
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.domain.config.LogConfig;

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

    private static ImmediateReplicatedLogFake logOver(CommittedOffsetStore offsets, ProducerIdBlockStore blocks) {
        InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        CommandApplier applier = new CommandApplier(new InMemoryTopicCatalogFake(),
                new PartitionRegistry(logs, new StaticClusterViewFake(1), new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS),
                logs, offsets, blocks, new InMemoryTransactionStateStoreFake(), new InMemoryGroupConfigStoreFake());
        return new ImmediateReplicatedLogFake(() -> applier);
    }
}
