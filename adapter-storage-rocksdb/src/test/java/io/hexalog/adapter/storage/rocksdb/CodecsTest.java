package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTest {

    @Test
    void shouldRoundTripTopicWithConfigs() {
        Topic topic = new Topic(TopicName.of("orders.eu_west-1"), TopicId.random(), 12, 3,
                Map.of("retention.ms", "604800000", "message.downconversion.note", "ünïcødé ✓", "empty", ""));

        assertThat(TopicCodec.decode(TopicCodec.encode(topic))).isEqualTo(topic);
    }

    @Test
    void shouldReadATopicRecordWrittenBeforeReplicationFactorsWithOneReplica() {
        Topic topic = new Topic(TopicName.of("orders"), TopicId.random(), 4, 3, Map.of("retention.ms", "1"));
        byte[] encoded = TopicCodec.encode(topic);
        // version 1: the same fields without the replication factor at the end
        byte[] older = java.util.Arrays.copyOf(encoded, encoded.length - Integer.BYTES);
        older[0] = 1;

        assertThat(TopicCodec.decode(older)).isEqualTo(new Topic(topic.name(), topic.id(), 4, 1, topic.configs()));
    }

    @Test
    void shouldEncodeEqualTopicsToEqualBytes() {
        TopicId id = TopicId.random();
        Topic one = new Topic(TopicName.of("t"), id, 1, Map.of("a", "1", "b", "2", "c", "3"));
        Topic same = new Topic(TopicName.of("t"), id, 1, Map.of("c", "3", "b", "2", "a", "1"));

        assertThat(TopicCodec.encode(one)).isEqualTo(TopicCodec.encode(same));
    }

    @Test
    void shouldRefuseTopicRecordOfUnknownVersion() {
        byte[] encoded = TopicCodec.encode(Topic.create(TopicName.of("t"), 1));
        encoded[0] = 9;

        assertThatThrownBy(() -> TopicCodec.decode(encoded)).hasMessageContaining("version 9");
    }

    @Test
    void shouldRoundTripProducerStateWithItsRetainedBatches() {
        ProducerStateEntry state = ProducerStateEntry.empty(Long.MAX_VALUE - 1, Short.MAX_VALUE);
        for (int i = 0; i < ProducerStateEntry.BATCHES_RETAINED; i++) {
            state = state.withBatch(Short.MAX_VALUE, new BatchMetadata(i * 10, i * 10 + 9, 1000L + i * 10, 1009L + i * 10));
        }

        assertThat(ProducerStateCodec.decode(ProducerStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void shouldRoundTripProducerStateWithoutBatches() {
        ProducerStateEntry state = ProducerStateEntry.empty(0, (short) 0);

        assertThat(ProducerStateCodec.decode(ProducerStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void shouldRoundTripTheOngoingTransactionAndCoordinatorEpochOfAProducer() {
        ProducerStateEntry state = ProducerStateEntry.empty(12, (short) 3)
                .withBatch((short) 3, new BatchMetadata(0, 4, 100, 104))
                .withTransactionFrom(100);
        ProducerStateEntry ended = state.withTransactionEnded((short) 4, 17);

        assertThat(ProducerStateCodec.decode(ProducerStateCodec.encode(state))).isEqualTo(state);
        assertThat(ProducerStateCodec.decode(ProducerStateCodec.encode(ended))).isEqualTo(ended);
    }

    @Test
    void shouldWriteAnIdempotentProducerInTheFirstVersionAsBefore() {
        ProducerStateEntry state = ProducerStateEntry.empty(12, (short) 3)
                .withBatch((short) 3, new BatchMetadata(0, 4, 100, 104));

        byte[] encoded = ProducerStateCodec.encode(state);

        assertThat(encoded[0]).isEqualTo((byte) 1);
        assertThat(encoded).hasSize(1 + 8 + 2 + 1 + 24);
    }

    @Test
    void shouldRoundTripTheLastTimestampOfAProducerInTheThirdVersion() {
        ProducerStateEntry idempotent = ProducerStateEntry.empty(12, (short) 3)
                .withBatch((short) 3, new BatchMetadata(0, 4, 100, 104))
                .withLastTimestamp(1_700_000_000_123L);
        ProducerStateEntry transactional = idempotent.withTransactionFrom(100).withTransactionEnded((short) 4, 17)
                .withLastTimestamp(1_700_000_000_456L);

        byte[] encoded = ProducerStateCodec.encode(idempotent);

        assertThat(encoded[0]).isEqualTo((byte) 3);
        assertThat(ProducerStateCodec.decode(encoded)).isEqualTo(idempotent);
        assertThat(ProducerStateCodec.decode(ProducerStateCodec.encode(transactional))).isEqualTo(transactional);
    }

    @Test
    void shouldReadAProducerOfTheSecondVersionWithoutATimestamp() {
        ProducerStateEntry ended = ProducerStateEntry.empty(12, (short) 3).withTransactionEnded((short) 3, 17);
        byte[] secondVersion = ProducerStateCodec.encode(ended);

        assertThat(secondVersion[0]).isEqualTo((byte) 2);
        assertThat(ProducerStateCodec.decode(secondVersion).lastTimestamp()).isEqualTo(ProducerStateEntry.NO_TIMESTAMP);
    }

    @Test
    void shouldKeepTheClientsTransactionVersionAndReadTheFirstVersionAsVersionZero() {
        TransactionalId payments = TransactionalId.of("payments");
        TransactionMetadata ongoing = new TransactionMetadata(payments, 17, 11, -1, (short) 4, (short) 3, 60_000,
                TransactionState.ONGOING, Set.of(new TopicPartition(TopicName.of("orders"), 1)),
                Set.of(GroupId.of("billing")), 1_700_000_000_000L, 1_700_000_000_500L, TransactionVersion.TV_2);
        byte[] encoded = TransactionCodec.encode(ongoing);
        // A value as the first version wrote it: the same fields, without the trailing transaction version.
        byte[] firstVersion = Arrays.copyOf(encoded, encoded.length - Short.BYTES);
        firstVersion[0] = 1;

        assertThat(encoded[0]).isEqualTo((byte) 2);
        assertThat(TransactionCodec.decode(payments, encoded)).isEqualTo(ongoing);
        assertThat(TransactionCodec.decode(payments, firstVersion).clientTransactionVersion())
                .isEqualTo(TransactionVersion.TV_0);
        assertThat(TransactionCodec.decode(payments, firstVersion).partitions()).isEqualTo(ongoing.partitions());
    }

    @Test
    void shouldRoundTripAnAbortedTransactionKeyedByItsMarkerOffset() {
        AbortedTransaction aborted = new AbortedTransaction(7, 100, 250);

        assertThat(AbortedTransactionCodec.decode(250, AbortedTransactionCodec.encode(aborted))).isEqualTo(aborted);
    }

    @Test
    void shouldRoundTripABatchIndexEntryInFortyBytes() {
        BatchPlace place = new BatchPlace(1_000_000_000_000L, 3, 134_000_000, 16_384, 1_000_000_000_512L,
                1_700_000_000_123L, 42);

        byte[] encoded = place.encode(1_000_000_000_100L);

        assertThat(encoded).hasSize(40);
        assertThat(BatchPlace.decode(1_000_000_000_100L, encoded)).isEqualTo(place);
        assertThat(place.header(1_000_000_000_100L))
                .isEqualTo(new BatchHeader(1_000_000_000_100L, 1_000_000_000_512L, 1_700_000_000_123L, 16_384));
        assertThat(place.end()).isEqualTo(134_016_384L);
    }

    @Test
    void shouldTellABatchLyingRightAfterAnotherInTheSameFile() {
        BatchPlace first = new BatchPlace(0, 0, 100, 50, 10, 0, -1);

        assertThat(first.continuedBy(new BatchPlace(0, 0, 150, 20, 12, 0, -1))).isTrue();
        assertThat(first.continuedBy(new BatchPlace(0, 0, 151, 20, 12, 0, -1))).isFalse();
        assertThat(first.continuedBy(new BatchPlace(0, 1, 150, 20, 12, 0, -1))).isFalse();
        assertThat(first.continuedBy(new BatchPlace(5, 0, 150, 20, 12, 0, -1))).isFalse();
    }

    @Test
    void shouldRefuseABatchIndexEntryOfAnotherSize() {
        assertThatThrownBy(() -> BatchPlace.decode(0, new byte[39])).hasMessageContaining("expected 40");
    }

    @Test
    void shouldRoundTripCommittedOffsetWithEpochAndMetadata() {
        CommittedOffset offset = new CommittedOffset(Long.MAX_VALUE, OptionalInt.of(Integer.MAX_VALUE),
                "checkpoint ünïcødé ✓", 1_700_000_000_123L);

        assertThat(CommittedOffsetCodec.decode(CommittedOffsetCodec.encode(offset))).isEqualTo(offset);
    }

    @Test
    void shouldKeepAMissingLeaderEpochApartFromEpochZero() {
        CommittedOffset withoutEpoch = new CommittedOffset(0, OptionalInt.empty(), "", 0);
        CommittedOffset epochZero = new CommittedOffset(0, OptionalInt.of(0), "", 0);

        assertThat(CommittedOffsetCodec.decode(CommittedOffsetCodec.encode(withoutEpoch))).isEqualTo(withoutEpoch);
        assertThat(CommittedOffsetCodec.decode(CommittedOffsetCodec.encode(epochZero))).isEqualTo(epochZero);
    }

    @Test
    void shouldRefuseCommittedOffsetRecordOfUnknownVersion() {
        byte[] encoded = CommittedOffsetCodec.encode(new CommittedOffset(1, OptionalInt.empty(), "", 1));
        encoded[0] = 2;

        assertThatThrownBy(() -> CommittedOffsetCodec.decode(encoded)).hasMessageContaining("version 2");
    }
}
