package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.testdata.RecordBatchBuilder;
import io.hexalog.application.port.out.ConsumerGroupImages;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {

    private static final int VOTERS = 3;

    private final Topic topic = Topic.create(TopicName.of("orders"), 3, 2).withConfigs(Map.of("retention.ms", "1000"));

    @Test
    void shouldCarryBatchesByteForByte() {
        RecordBatch batch = RecordBatchBuilder.aBatch().build();
        var append = new ReplicatedCommand.AppendBatches(topic.partition(1), List.of(batch));

        var decoded = (ReplicatedCommand.AppendBatches) CommandCodec.decode(CommandCodec.encode(append), VOTERS).command();

        assertThat(decoded.partition()).isEqualTo(topic.partition(1));
        assertThat(decoded.batches()).hasSize(1);
        assertThat(decoded.batches().get(0).bytes()).isEqualTo(batch.bytes());
    }

    @Test
    void shouldCarrySeveralCommandsOfAShardInOneEntryInTheirOrder() {
        RecordBatch first = RecordBatchBuilder.aBatch().withRecords(1).build();
        RecordBatch second = RecordBatchBuilder.aBatch().withRecords(2).build();
        byte[] several = CommandCodec.several(List.of(
                CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(1), List.of(first))),
                CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(2), List.of(second)))));
        // read where a log entry's bytes are: a read-only view into a larger buffer, from a position past its start
        ByteBuffer entry = inside(several);

        List<ByteBuffer> parts = CommandCodec.parts(entry);

        assertThat(CommandCodec.isSeveral(entry)).isTrue();
        assertThat(entry.position()).as("the entry is not moved").isEqualTo(3);
        assertThat(parts).hasSize(2);
        var decodedFirst = (ReplicatedCommand.AppendBatches) CommandCodec.decode(parts.get(0), VOTERS).command();
        var decodedSecond = (ReplicatedCommand.AppendBatches) CommandCodec.decode(parts.get(1), VOTERS).command();
        assertThat(decodedFirst.partition()).isEqualTo(topic.partition(1));
        assertThat(decodedFirst.batches().get(0).bytes()).isEqualTo(first.bytes());
        assertThat(decodedSecond.partition()).isEqualTo(topic.partition(2));
        assertThat(decodedSecond.batches().get(0).bytes()).isEqualTo(second.bytes());
        assertThat(CommandCodec.isSeveral(inside(CommandCodec.encode(new ReplicatedCommand.AppendBatches(
                topic.partition(1), List.of(first)))))).as("a single command's entry").isFalse();
    }

    @Test
    void shouldCarrySeveralBatchesOfAnAppendInTheirOrder() {
        List<RecordBatch> batches = List.of(RecordBatchBuilder.aBatch().withRecords(1).build(),
                RecordBatchBuilder.aBatch().withRecords(3).build(), RecordBatchBuilder.aBatch().withRecords(2).build());
        byte[] encoded = CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(0), batches));

        var decoded = (ReplicatedCommand.AppendBatches) CommandCodec.decode(inside(encoded), VOTERS).command();

        assertThat(decoded.batches()).extracting(RecordBatch::bytes)
                .containsExactly(batches.get(0).bytes(), batches.get(1).bytes(), batches.get(2).bytes());
        assertThat(decoded.batches()).extracting(RecordBatch::recordCount).containsExactly(1, 3, 2);
    }

    @Test
    void shouldHandOutBatchesTheStoreMayWriteIntoWithoutChangingTheEntry() {
        byte[] encoded = CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(0),
                List.of(RecordBatchBuilder.aBatch().withRecords(2).build())));
        byte[] asLogged = encoded.clone();
        ByteBuffer entry = ByteBuffer.wrap(encoded);

        var decoded = (ReplicatedCommand.AppendBatches) CommandCodec.decode(entry, VOTERS).command();
        decoded.batches().get(0).assignBaseOffset(41);
        decoded.batches().get(0).assignPartitionLeaderEpoch(5);

        assertThat(encoded).as("the log's entry, which other members may still be sent").isEqualTo(asLogged);
        var again = (ReplicatedCommand.AppendBatches) CommandCodec.decode(entry, VOTERS).command();
        assertThat(again.batches().get(0).baseOffset()).isZero();
        assertThat(decoded.batches().get(0).baseOffset()).isEqualTo(41);
    }

    @Test
    void shouldAnswerEachCommandOfASharedEntryWithItsOwnOutcome() {
        byte[] outcomes = Outcomes.several(List.of(
                Outcomes.success(new ReplicatedCommand.Appended(7, 0)),
                Outcomes.failure(new TopicAlreadyExistsException("taken"))));
        var append = new ReplicatedCommand.AppendBatches(topic.partition(1),
                List.of(RecordBatchBuilder.aBatch().build()));

        List<byte[]> parts = Outcomes.parts(outcomes);

        assertThat(Outcomes.read(append, parts.get(0)).firstOffset()).isEqualTo(7);
        assertThatThrownBy(() -> Outcomes.read(append, parts.get(1)))
                .isInstanceOf(TopicAlreadyExistsException.class).hasMessage("taken");
    }

    @Test
    void shouldCarryMetadataCommandsWhole() {
        List<ReplicatedCommand<?>> commands = List.of(
                new ReplicatedCommand.CreateTopic(topic),
                new ReplicatedCommand.UpdateTopic(topic.withPartitionCount(5)),
                new ReplicatedCommand.DeleteTopic(topic.id()),
                new ReplicatedCommand.CommitOffsets(GroupId.of("billing"), Map.of(
                        new TopicPartition(topic.name(), 0), new CommittedOffset(42, OptionalInt.of(7), "meta", 1234),
                        new TopicPartition(topic.name(), 1), new CommittedOffset(3, OptionalInt.empty(), "", 99))),
                new ReplicatedCommand.DeleteOffsets(GroupId.of("billing"), List.of(new TopicPartition(topic.name(), 1))),
                new ReplicatedCommand.DeleteGroupOffsets(GroupId.of("billing")),
                new ReplicatedCommand.AlterGroupConfigs(GroupId.of("billing"), Map.of("consumer.session.timeout.ms", "50000",
                        "consumer.heartbeat.interval.ms", "6000")),
                new ReplicatedCommand.AlterGroupConfigs(GroupId.of("billing"), Map.of()),
                new ReplicatedCommand.PutConsumerGroup(ConsumerGroupImages.twoMembersRebalancing(GroupId.of("billing")), 3),
                new ReplicatedCommand.RemoveConsumerGroup(GroupId.of("billing"), 3),
                new ReplicatedCommand.DeleteTopicOffsets(topic.name()),
                new ReplicatedCommand.ClaimProducerIds(1000),
                new ReplicatedCommand.AdvanceLogStartOffset(topic.partition(2), 17));

        for (ReplicatedCommand<?> command : commands) {
            assertThat(CommandCodec.decode(CommandCodec.encode(command), VOTERS).command()).isEqualTo(command);
        }
    }

    @Test
    void shouldCarryTheTransactionCoordinatorsCommandsWhole() {
        TopicPartition orders0 = new TopicPartition(topic.name(), 0);
        TransactionMetadata ongoing = new TransactionMetadata(TransactionalId.of("payments"), 17, 11, 23, (short) 4,
                (short) 3, 60_000, TransactionState.ONGOING, Set.of(orders0, new TopicPartition(topic.name(), 2)),
                Set.of(GroupId.of("billing")), 1_700_000_000_000L, 1_700_000_000_500L);
        List<ReplicatedCommand<?>> commands = List.of(
                new ReplicatedCommand.PutTransaction(ongoing, 9),
                new ReplicatedCommand.RemoveTransaction(TransactionalId.of("payments"), 9),
                new ReplicatedCommand.CommitTxnOffsets(GroupId.of("billing"), 17,
                        Map.of(orders0, new CommittedOffset(42, OptionalInt.of(7), "meta", 1234))),
                new ReplicatedCommand.CompleteTxnOffsets(GroupId.of("billing"), 17, true));

        for (ReplicatedCommand<?> command : commands) {
            assertThat(CommandCodec.decode(CommandCodec.encode(command), VOTERS).command()).isEqualTo(command);
        }
    }

    @Test
    void shouldCarryTheClientsTransactionVersionAndReadOlderEntriesAsVersionZero() {
        TransactionMetadata ongoing = new TransactionMetadata(TransactionalId.of("payments"), 17, 11, -1, (short) 4,
                (short) 3, 60_000, TransactionState.ONGOING, Set.of(new TopicPartition(topic.name(), 0)), Set.of(),
                1_700_000_000_000L, 1_700_000_000_500L, TransactionVersion.TV_2);
        ReplicatedCommand.PutTransaction put = new ReplicatedCommand.PutTransaction(ongoing, 9);
        byte[] encoded = CommandCodec.encode(put);
        // An entry as written before transaction version 2: tag 20, the metadata, the coordinator epoch.
        byte[] older = new byte[encoded.length - Short.BYTES];
        older[0] = 20;
        System.arraycopy(encoded, 1, older, 1, encoded.length - 1 - Short.BYTES - Integer.BYTES);
        System.arraycopy(encoded, encoded.length - Integer.BYTES, older, older.length - Integer.BYTES, Integer.BYTES);

        assertThat(CommandCodec.decode(encoded, VOTERS).command()).isEqualTo(put);
        assertThat(CommandCodec.decode(older, VOTERS).command()).isEqualTo(new ReplicatedCommand.PutTransaction(
                new TransactionMetadata(ongoing.transactionalId(), 17, 11, -1, (short) 4, (short) 3, 60_000,
                        TransactionState.ONGOING, ongoing.partitions(), Set.of(), 1_700_000_000_000L,
                        1_700_000_000_500L, TransactionVersion.TV_0), 9));
    }

    @Test
    void shouldTellWhatEachCommandOfAnEntryDoesToItsPartitionsOffsetsWithoutDecodingIt() {
        RecordBatch three = RecordBatchBuilder.aBatch().withRecords(3).build();
        RecordBatch two = RecordBatchBuilder.aBatch().withRecords(2).build();
        RecordBatch idempotent = RecordBatchBuilder.aBatch().withRecords(4).withProducer(7L, (short) 0, 0).build();
        byte[] entry = CommandCodec.several(List.of(
                CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(1), List.of(three, two))),
                CommandCodec.encode(new ReplicatedCommand.AppendBatches(topic.partition(2), List.of(idempotent))),
                CommandCodec.encode(new ReplicatedCommand.WriteTxnMarker(topic.partition(1), 7L, (short) 0, 0, true,
                        1L)),
                CommandCodec.encode(new ReplicatedCommand.AdvanceLogStartOffset(topic.partition(0), 12))));

        assertThat(CommandCodec.placements(ByteBuffer.wrap(entry).asReadOnlyBuffer())).containsExactly(
                new LeaderOffsets.Placement(topic.partition(1), 5, true),
                new LeaderOffsets.Placement(topic.partition(2), LeaderOffsets.UNKNOWN, false),
                new LeaderOffsets.Placement(topic.partition(1), LeaderOffsets.UNKNOWN, false),
                new LeaderOffsets.Placement(topic.partition(0), 0, false));
        assertThat(CommandCodec.placements(ByteBuffer.wrap(CommandCodec.encode(
                new ReplicatedCommand.AppendBatches(topic.partition(2), List.of(two))))))
                .as("an entry of one command").containsExactly(new LeaderOffsets.Placement(topic.partition(2), 2, true));
        assertThat(CommandCodec.placements(ByteBuffer.wrap(CommandCodec.encode(new ReplicatedCommand.DeleteTopic(
                topic.id()))))).as("a command of no partition").isEmpty();
        assertThatThrownBy(() -> CommandCodec.placements(ByteBuffer.wrap(Arrays.copyOf(entry, entry.length - 9))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCarryATransactionMarkerWholeInThePartitionsShard() {
        var commit = new ReplicatedCommand.WriteTxnMarker(topic.partition(2), 4711L, (short) 3, 9, true, 1234L);
        var abort = new ReplicatedCommand.WriteTxnMarker(topic.partition(0), 5L, (short) 0, 0, false, 99L);

        assertThat(CommandCodec.decode(CommandCodec.encode(commit), VOTERS).command()).isEqualTo(commit);
        assertThat(CommandCodec.decode(CommandCodec.encode(abort), VOTERS).command()).isEqualTo(abort);
        assertThat(commit.isPartitionCommand()).isTrue();
        assertThat(Outcomes.read(commit, Outcomes.success(42L))).isEqualTo(42L);
    }

    @Test
    void shouldCarryTheTransactionVersionOfAMarkerAndReadOlderMarkersAsVersionZero() {
        var versionTwo = new ReplicatedCommand.WriteTxnMarker(topic.partition(1), 4711L, (short) 4, 9, true, 1234L,
                TransactionVersion.TV_2);
        var versionZero = new ReplicatedCommand.WriteTxnMarker(topic.partition(1), 4711L, (short) 4, 9, true, 1234L);

        byte[] older = CommandCodec.encode(versionZero);

        assertThat(CommandCodec.decode(CommandCodec.encode(versionTwo), VOTERS).command()).isEqualTo(versionTwo);
        assertThat(CommandCodec.encode(versionTwo)).hasSize(older.length + Short.BYTES);
        assertThat(CommandCodec.decode(older, VOTERS).command()).isEqualTo(versionZero);
        assertThat(((ReplicatedCommand.WriteTxnMarker) CommandCodec.decode(older, VOTERS).command()).transactionVersion())
                .isEqualTo(TransactionVersion.TV_0);
    }

    @Test
    void shouldCarryTheClustersOwnEntries() {
        var register = new CommandCodec.RegisterBroker(new BrokerNode(2, "10.0.0.2", 9092));
        var live = new CommandCodec.LiveBrokers(Set.of(1, 3));
        var leader = new CommandCodec.ShardLeader("shard-rf2-1", 3, 17);
        var low = new CommandCodec.StorageRoom(2, true, 12_345_678L);
        var inSync = new CommandCodec.ShardInSync("shard-1", 9, Set.of(3, 1));

        assertThat(CommandCodec.decode(CommandCodec.encode(inSync), VOTERS).clusterEntry()).isEqualTo(inSync);
        assertThat(CommandCodec.isClusterEntryTag(CommandCodec.encode(inSync)[0])).isTrue();
        assertThat(CommandCodec.decode(CommandCodec.encode(low), VOTERS).clusterEntry()).isEqualTo(low);
        assertThat(CommandCodec.decode(CommandCodec.encode(register), VOTERS).clusterEntry()).isEqualTo(register);
        assertThat(CommandCodec.decode(CommandCodec.encode(live), VOTERS).clusterEntry()).isEqualTo(live);
        assertThat(CommandCodec.decode(CommandCodec.encode(leader), VOTERS).clusterEntry()).isEqualTo(leader);
    }

    @Test
    void shouldTellACommitAnnouncementFromEveryOtherEntry() {
        byte[] announcement = CommandCodec.encode(new CommandCodec.CommitAnnouncement());

        assertThat(CommandCodec.decode(announcement, VOTERS).clusterEntry())
                .isEqualTo(new CommandCodec.CommitAnnouncement());
        assertThat(CommandCodec.isCommitAnnouncement(inside(announcement))).isTrue();
        assertThat(CommandCodec.isCommitAnnouncement(inside(CommandCodec.encode(new CommandCodec.LiveBrokers(
                Set.of(1)))))).isFalse();
        assertThat(CommandCodec.isCommitAnnouncement(inside(CommandCodec.encode(new ReplicatedCommand.DeleteTopic(
                topic.id()))))).isFalse();
    }

    @Test
    void shouldReadTopicsOfEntriesWrittenBeforeReplicationFactorsAsReplicatedOnEveryVoter() {
        for (ReplicatedCommand<?> command : List.of(new ReplicatedCommand.CreateTopic(topic),
                new ReplicatedCommand.UpdateTopic(topic))) {
            byte[] encoded = CommandCodec.encode(command);
            // An entry as written before: tag 3 (create) or 4 (update), the topic, no replication factor.
            byte[] older = java.util.Arrays.copyOf(encoded, encoded.length - Integer.BYTES);
            older[0] = (byte) (command instanceof ReplicatedCommand.CreateTopic ? 3 : 4);

            Topic read = command instanceof ReplicatedCommand.CreateTopic
                    ? ((ReplicatedCommand.CreateTopic) CommandCodec.decode(older, VOTERS).command()).topic()
                    : ((ReplicatedCommand.UpdateTopic) CommandCodec.decode(older, VOTERS).command()).topic();

            assertThat(topic.replicationFactor()).isEqualTo(2);
            assertThat(read).isEqualTo(new Topic(topic.name(), topic.id(), topic.partitionCount(), VOTERS,
                    topic.configs()));
        }
    }

    @Test
    void shouldGiveTheSubmitterTheErrorTheApplierFailedWith() {
        var command = new ReplicatedCommand.CreateTopic(topic);
        byte[] outcome = Outcomes.failure(new TopicAlreadyExistsException("Topic 'orders' already exists"));

        assertThatThrownBy(() -> Outcomes.read(command, outcome))
                .isInstanceOf(TopicAlreadyExistsException.class)
                .hasMessage("Topic 'orders' already exists");
        assertThat(Outcomes.read(new ReplicatedCommand.ClaimProducerIds(10), Outcomes.success(5000L))).isEqualTo(5000L);
    }

    /** The bytes as a log entry's data may be read: a read-only view, three bytes into a larger buffer. */
    private static ByteBuffer inside(byte[] bytes) {
        ByteBuffer larger = ByteBuffer.allocate(bytes.length + 5);
        larger.put(new byte[] {9, 9, 9}).put(bytes).put(new byte[] {9, 9});
        return larger.position(3).limit(3 + bytes.length).asReadOnlyBuffer();
    }
}
