package io.hexalog.application.service;

import io.hexalog.application.port.in.MetadataCommandsQuery;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.AlterGroupConfigs;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.PutConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lists the broker's metadata as the commands that rebuild it, each kind in a stable order (by name or ID), so
 * that two brokers with the same metadata list the same commands.
 *
 * <p>The producer ID counter is rebuilt by claims: claiming {@code n} IDs from an empty counter leaves it at
 * {@code n}, so no command is needed beyond {@code ClaimProducerIds}. A deleted topic is rebuilt by its
 * {@code DeleteTopic}, which applied to a broker that never had the topic only records that its ID is gone.
 * Pending transactional offsets are found through the groups their transactions name: a producer commits offsets
 * for a group only once the group is added to its transaction, and they are completed before the group leaves it.
 */
final class MetadataCommands implements MetadataCommandsQuery {

    private final TopicCatalog catalog;
    private final PartitionRegistry partitions;
    private final CommittedOffsetStore offsets;
    private final ProducerIdBlockStore producerIds;
    private final TransactionStateStore transactions;
    private final GroupConfigStore groupConfigs;
    private final ConsumerGroupStateStore consumerGroups;

    MetadataCommands(TopicCatalog catalog, PartitionRegistry partitions, CommittedOffsetStore offsets,
                     ProducerIdBlockStore producerIds, TransactionStateStore transactions,
                     GroupConfigStore groupConfigs, ConsumerGroupStateStore consumerGroups) {
        this.catalog = catalog;
        this.partitions = partitions;
        this.offsets = offsets;
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.groupConfigs = groupConfigs;
        this.consumerGroups = consumerGroups;
    }

    @Override
    public List<ReplicatedCommand<?>> metadataCommands(int epoch) {
        List<ReplicatedCommand<?>> commands = new ArrayList<>();
        claimsUpTo(producerIds.nextBlockStart(), commands);
        catalog.list().stream().sorted(Comparator.comparing(topic -> topic.name().value()))
                .forEach(topic -> commands.add(new CreateTopic(topic)));
        partitions.deletedTopics().stream().sorted(Comparator.comparing(TopicId::uuid))
                .forEach(id -> commands.add(new DeleteTopic(id)));
        TreeSet<String> groups = new TreeSet<>();
        offsets.groups().forEach(group -> groups.add(group.value()));
        for (String name : groups) {
            Map<TopicPartition, CommittedOffset> committed = offsets.offsets(GroupId.of(name));
            if (!committed.isEmpty()) {
                commands.add(new CommitOffsets(GroupId.of(name), committed));
            }
        }
        new TreeMap<>(groupConfigs.all()).forEach((group, configs) -> commands.add(new AlterGroupConfigs(group, configs)));
        new TreeMap<>(consumerGroups.all()).forEach((group, image) -> commands.add(new PutConsumerGroup(image, epoch)));
        List<TransactionMetadata> ongoing = transactions.transactions().stream()
                .sorted(Comparator.comparing(metadata -> metadata.transactionalId().value())).toList();
        TreeSet<String> mayHavePendingOffsets = new TreeSet<>(groups);
        for (TransactionMetadata metadata : ongoing) {
            commands.add(new PutTransaction(metadata, epoch));
            metadata.groups().forEach(group -> mayHavePendingOffsets.add(group.value()));
        }
        for (String name : mayHavePendingOffsets) {
            GroupId group = GroupId.of(name);
            Map<Long, Map<TopicPartition, CommittedOffset>> pending = new TreeMap<>(transactions.pendingOffsets(group));
            pending.forEach((producerId, offsetsOfProducer) -> {
                if (!offsetsOfProducer.isEmpty()) {
                    commands.add(new CommitTxnOffsets(group, producerId, offsetsOfProducer));
                }
            });
        }
        return commands;
    }

    /** Claims that move an empty counter to {@code next}: one claim unless it passed the largest block size. */
    private static void claimsUpTo(long next, List<ReplicatedCommand<?>> commands) {
        for (long claimed = 0; claimed < next; ) {
            int size = (int) Math.min(Integer.MAX_VALUE, next - claimed);
            commands.add(new ClaimProducerIds(size));
            claimed += size;
        }
    }
}
