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
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ConsumerGroupImages;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.cluster.ReplicatedCommand.AlterGroupConfigs;
import io.hexalog.domain.cluster.ReplicatedCommand.PutConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CompleteTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.UpdateTopic;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker's metadata listed as commands and applied to a broker with empty metadata stores rebuilds the same
 * metadata: what a snapshot of the cluster's metadata log holds instead of every command ever applied.
 */
class MetadataCommandsTest {

    private static final int EPOCH = 2;
    private static final GroupId PAYMENTS = GroupId.of("payments");
    private static final GroupId AUDIT = GroupId.of("audit");
    private static final TransactionalId TRANSFERS = TransactionalId.of("transfers");

    private final Topic orders = Topic.create(TopicName.of("orders"), 2);
    private final Topic refunds = Topic.create(TopicName.of("refunds"), 1);
    private final Topic gone = Topic.create(TopicName.of("gone"), 1);

    @Test
    void shouldRebuildTheSameMetadataOnABrokerWithEmptyStores() {
        Broker original = new Broker();
        long claimedBlock = buildHistory(original);

        Broker rebuilt = new Broker();
        original.metadata.metadataCommands(EPOCH).forEach(rebuilt::apply);

        assertThat(sortedTopics(rebuilt)).isEqualTo(sortedTopics(original));
        assertThat(rebuilt.catalog.find(orders.id()).orElseThrow().configs()).containsEntry("retention.ms", "60000");
        assertThat(rebuilt.catalog.find(orders.id()).orElseThrow().partitionCount()).isEqualTo(3);
        assertThat(rebuilt.partitions.deletedTopics()).containsExactly(gone.id());
        assertThat(rebuilt.offsets.offsets(PAYMENTS)).isEqualTo(original.offsets.offsets(PAYMENTS))
                .containsOnlyKeys(new TopicPartition(orders.name(), 0), new TopicPartition(refunds.name(), 0));
        assertThat(rebuilt.offsets.offsets(AUDIT)).isEqualTo(original.offsets.offsets(AUDIT)).hasSize(1);
        assertThat(rebuilt.producerIds.nextBlockStart()).isEqualTo(claimedBlock + 1000);
        assertThat(rebuilt.transactions.transactions()).containsExactlyInAnyOrderElementsOf(
                original.transactions.transactions());
        assertThat(rebuilt.transactions.pendingOffsets(AUDIT)).isEqualTo(original.transactions.pendingOffsets(AUDIT))
                .containsOnlyKeys(900L);
        assertThat(rebuilt.consumerGroups.all()).isEqualTo(original.consumerGroups.all()).containsOnlyKeys(PAYMENTS);
        assertThat(rebuilt.groupConfigs.all()).isEqualTo(original.groupConfigs.all())
                .isEqualTo(Map.of(PAYMENTS, Map.of("consumer.session.timeout.ms", "50000")));
        assertThat(rebuilt.metadata.metadataCommands(EPOCH)).isEqualTo(original.metadata.metadataCommands(EPOCH));
    }

    @Test
    void shouldHandOutANeverUsedProducerIdBlockAfterTheRebuild() {
        Broker original = new Broker();
        long lastBlock = buildHistory(original);

        Broker rebuilt = new Broker();
        original.metadata.metadataCommands(EPOCH).forEach(rebuilt::apply);
        long next = (Long) rebuilt.apply(new ClaimProducerIds(1000));

        assertThat(next).isEqualTo(lastBlock + 1000);
    }

    @Test
    void shouldFailAppendsOfATopicDeletedBeforeTheRebuildAtOnce() {
        Broker original = new Broker();
        buildHistory(original);

        Broker rebuilt = new Broker();
        original.metadata.metadataCommands(EPOCH).forEach(rebuilt::apply);

        assertThatThrownBy(() -> rebuilt.applier.apply(
                new AppendBatches(gone.partition(0), List.of(aBatch().withRecords(1).build())), EPOCH, 99)
                .orTimeout(5, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRefuseTheConsumerGroupStateOfACoordinatorOfAnotherEpoch() {
        Broker broker = new Broker();

        assertThatThrownBy(() -> broker.apply(new PutConsumerGroup(ConsumerGroupImages.oneMember(AUDIT, 1), EPOCH - 1)))
                .hasCauseInstanceOf(NotCoordinatorException.class);
        assertThat(broker.consumerGroups.all()).isEmpty();
    }

    @Test
    void shouldListNothingForABrokerThatHasNoMetadata() {
        assertThat(new Broker().metadata.metadataCommands(EPOCH)).isEmpty();
    }

    /** Topics created, grown, reconfigured and deleted; offsets committed and deleted; IDs claimed; transactions. */
    private long buildHistory(Broker broker) {
        broker.apply(new ClaimProducerIds(1000));
        broker.apply(new CreateTopic(orders));
        broker.apply(new CreateTopic(refunds));
        broker.apply(new CreateTopic(gone));
        Map<String, String> configs = new HashMap<>(orders.configs());
        configs.put("retention.ms", "60000");
        broker.apply(new UpdateTopic(new Topic(orders.name(), orders.id(), 3, configs)));
        broker.apply(new DeleteTopic(gone.id()));
        broker.apply(new CommitOffsets(PAYMENTS, Map.of(
                new TopicPartition(orders.name(), 0), offset(10, "first"),
                new TopicPartition(orders.name(), 1), offset(4, ""))));
        broker.apply(new CommitOffsets(PAYMENTS, Map.of(
                new TopicPartition(orders.name(), 0), offset(12, "second"),
                new TopicPartition(refunds.name(), 0), offset(1, "r"))));
        broker.apply(new DeleteOffsets(PAYMENTS, List.of(new TopicPartition(orders.name(), 1))));
        broker.apply(new CommitOffsets(AUDIT, Map.of(new TopicPartition(refunds.name(), 0), offset(7, ""))));
        long lastBlock = (Long) broker.apply(new ClaimProducerIds(1000));

        ProducerIdentity producer = new ProducerIdentity(900L, (short) 0);
        TransactionMetadata transfers = new TransactionMetadata(TRANSFERS, 900L, -1, -1, (short) 0, (short) -1,
                60_000, TransactionState.EMPTY, Set.of(), Set.of(), -1, 1_000)
                .addGroup(producer, AUDIT, 2_000)
                .addPartitions(producer, Set.of(new TopicPartition(orders.name(), 2)), 2_001);
        broker.apply(new PutTransaction(transfers, EPOCH));
        broker.apply(new CommitTxnOffsets(AUDIT, 900L, Map.of(new TopicPartition(refunds.name(), 0), offset(9, "t"))));
        broker.apply(new CommitTxnOffsets(PAYMENTS, 901L, Map.of(new TopicPartition(orders.name(), 0), offset(20, ""))));
        broker.apply(new CompleteTxnOffsets(PAYMENTS, 901L, true));
        broker.apply(new AlterGroupConfigs(PAYMENTS, Map.of("consumer.session.timeout.ms", "50000")));
        broker.apply(new AlterGroupConfigs(AUDIT, Map.of("consumer.heartbeat.interval.ms", "6000")));
        broker.apply(new AlterGroupConfigs(AUDIT, Map.of()));
        broker.apply(new PutConsumerGroup(ConsumerGroupImages.twoMembersRebalancing(PAYMENTS), EPOCH));
        broker.apply(new PutConsumerGroup(ConsumerGroupImages.oneMember(AUDIT, 4), EPOCH));
        broker.apply(new RemoveConsumerGroup(AUDIT, EPOCH));
        return lastBlock;
    }

    private static CommittedOffset offset(long offset, String metadata) {
        return new CommittedOffset(offset, OptionalInt.of(EPOCH), metadata, 1_700_000_000_000L + offset);
    }

    private static List<Topic> sortedTopics(Broker broker) {
        return broker.catalog.list().stream().sorted(Comparator.comparing(topic -> topic.name().value())).toList();
    }

    /** A broker's metadata stores, applier and listing, all on fakes; its partition logs are in memory too. */
    private static final class Broker {
        final InMemoryTopicCatalogFake catalog = new InMemoryTopicCatalogFake();
        final InMemoryCommittedOffsetStoreFake offsets = new InMemoryCommittedOffsetStoreFake();
        final SequentialProducerIdBlockStoreFake producerIds = new SequentialProducerIdBlockStoreFake();
        final InMemoryTransactionStateStoreFake transactions = new InMemoryTransactionStateStoreFake();
        final InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        final PartitionRegistry partitions = new PartitionRegistry(logs, new StaticClusterViewFake(1),
                new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS);
        final InMemoryGroupConfigStoreFake groupConfigs = new InMemoryGroupConfigStoreFake();
        final InMemoryConsumerGroupStateStoreFake consumerGroups = new InMemoryConsumerGroupStateStoreFake();
        final ApplyCommandUseCase applier = new CommandApplier(catalog, partitions, logs, offsets, producerIds,
                transactions, groupConfigs, consumerGroups);
        final MetadataCommands metadata = new MetadataCommands(catalog, partitions, offsets, producerIds, transactions,
                groupConfigs, consumerGroups);

        Object apply(ReplicatedCommand<?> command) {
            return applier.apply(command, EPOCH, ApplyCommandUseCase.NO_LOG_INDEX).join();
        }
    }
}
