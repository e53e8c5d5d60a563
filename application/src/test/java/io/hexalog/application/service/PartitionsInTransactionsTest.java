package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.TransactionAbortableException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.Failures.resultOf;
import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-890 on a whole application: a transactional batch reaches its partition only once the partition is in the
 * producer's transaction, checked with the coordinator for a producer of transaction version 1 and added by the
 * leader for one of version 2, whose every EndTxn bumps the epoch its markers then carry.
 */
class PartitionsInTransactionsTest {

    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final GroupId BILLING = GroupId.of("billing");

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition orders = broker.createTopic("orders", 1).partition(0);
    private final ProducerIdAndEpoch producer = resultOf(broker.core.initTransactionalProducer()
            .initProducerId(PAYMENTS, 60_000, Optional.empty()));

    @Test
    void shouldRefuseAVersionOneBatchForAPartitionNotInTheTransactionAndAppendNothing() {
        Throwable refused = failureOf(append(producer, 0, TransactionSupportedOperation.DEFAULT_ERROR));
        Throwable refusedForNewerClient = failureOf(append(producer, 0,
                TransactionSupportedOperation.GENERIC_ERROR_SUPPORTED));

        assertThat(refused).isInstanceOf(InvalidTxnStateException.class);
        assertThat(refusedForNewerClient).isInstanceOf(TransactionAbortableException.class);
        assertThat(broker.partitions.led(orders).offsets().logEndOffset()).isZero();
    }

    @Test
    void shouldAppendAVersionOneBatchOnceItsProducerAddedThePartition() {
        resultOf(broker.core.transactions().addPartitions(PAYMENTS, producer, Set.of(orders.topicPartition())));

        AppendResult first = resultOf(append(producer, 0, TransactionSupportedOperation.DEFAULT_ERROR));
        AppendResult second = resultOf(append(producer, 1, TransactionSupportedOperation.DEFAULT_ERROR));

        assertThat(first.baseOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(1);
        assertThat(describe().clientTransactionVersion()).isEqualTo(TransactionVersion.TV_0);
    }

    @Test
    void shouldAddThePartitionToTheTransactionOfAVersionTwoProducer() {
        AppendResult appended = resultOf(append(producer, 0, TransactionSupportedOperation.ADD_PARTITION));

        TransactionMetadata transaction = describe();
        assertThat(appended.baseOffset()).isZero();
        assertThat(transaction.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(transaction.partitions()).containsExactly(orders.topicPartition());
        assertThat(transaction.clientTransactionVersion()).isEqualTo(TransactionVersion.TV_2);
    }

    @Test
    void shouldFenceTheOldEpochOnThePartitionOnceAVersionTwoCommitBumpedIt() {
        resultOf(append(producer, 0, TransactionSupportedOperation.ADD_PARTITION));

        ProducerIdAndEpoch bumped = resultOf(broker.core.transactions().endTransaction(PAYMENTS, producer, true,
                TransactionVersion.TV_2));

        assertThat(bumped).isEqualTo(new ProducerIdAndEpoch(producer.producerId(), (short) (producer.epoch() + 1)));
        assertThat(describe().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(broker.partitions.led(orders).offsets().lastStableOffset()).isEqualTo(2);
        assertThat(failureOf(append(producer, 1, TransactionSupportedOperation.ADD_PARTITION)))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(resultOf(append(bumped, 0, TransactionSupportedOperation.ADD_PARTITION)).baseOffset())
                .isEqualTo(2);
    }

    @Test
    void shouldLeaveTheBatchesOfAProducerWithoutTransactionalIdToThePartitionsRules() {
        RecordBatch batch = records(1).producer(producer.producerId(), producer.epoch(), 0).transactional().build();

        AppendResult appended = resultOf(broker.produce.append(new AppendRecordsCommand(orders, List.of(batch))));

        assertThat(appended.baseOffset()).isZero();
    }

    @Test
    void shouldAddTheGroupForATxnOffsetCommitOfVersionTwo() {
        Map<io.hexalog.domain.topic.TopicPartition, PartitionOffset> offsets =
                Map.of(orders.topicPartition(), new PartitionOffset(42, OptionalInt.empty(), ""));

        Throwable withoutAddOffsets = failureOf(broker.core.txnOffsetCommit().commitOffsets(
                new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer, offsets)));
        resultOf(broker.core.txnOffsetCommit().commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer,
                offsets, TransactionSupportedOperation.ADD_PARTITION)));

        assertThat(withoutAddOffsets).isInstanceOf(InvalidTxnStateException.class);
        assertThat(describe().groups()).containsExactly(BILLING);
        assertThat(describe().clientTransactionVersion()).isEqualTo(TransactionVersion.TV_2);
    }

    private CompletableFuture<AppendResult> append(ProducerIdAndEpoch from, int sequence,
                                                   TransactionSupportedOperation operation) {
        RecordBatch batch = records(1).producer(from.producerId(), from.epoch(), sequence).transactional().build();
        return broker.produce.append(new AppendRecordsCommand(orders, List.of(batch), Optional.of(PAYMENTS),
                operation));
    }

    private TransactionMetadata describe() {
        return resultOf(broker.core.describeTransactions().describe(PAYMENTS));
    }
}
