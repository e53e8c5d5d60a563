package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transaction APIs over the wire: AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn,
 * DescribeTransactions and ListTransactions, and OffsetFetch's {@code require_stable}.
 */
class TransactionHandlersTest {

    private static final String TXN = "payments";
    private static final String GROUP = "billing";
    private static final String TOPIC = "orders";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void transactionalProducer() {
        broker.createTopic(TOPIC, 2);
        producer = TransactionSamples.initialised(broker, TXN);
    }

    @Test
    void shouldAddPartitionsToTheTransaction() {
        // when
        AddPartitionsToTxnResponse response = connection.call((short) 3,
                TransactionSamples.addPartitions(TXN, producer, TOPIC, 0, 1));

        // then
        assertThat(errorsByPartition(response)).containsOnly(Map.entry(0, Errors.NONE), Map.entry(1, Errors.NONE));
        assertThat(describe().transactionState()).isEqualTo("Ongoing");
        assertThat(describe().topics()).singleElement().satisfies(topic ->
                assertThat(topic.partitions()).containsExactlyInAnyOrder(0, 1));
    }

    @Test
    void shouldAddNoPartitionWhenOneDoesNotExist() {
        // when
        AddPartitionsToTxnResponse response = connection.call((short) 3,
                TransactionSamples.addPartitions(TXN, producer, TOPIC, 0, 7));

        // then
        assertThat(errorsByPartition(response)).containsOnly(Map.entry(0, Errors.OPERATION_NOT_ATTEMPTED),
                Map.entry(7, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(describe().transactionState()).isEqualTo("Empty");
    }

    @Test
    void shouldFenceAnOlderEpochWithTheErrorItsVersionKnows() {
        // given
        ProducerIdAndEpoch zombie = producer;
        TransactionSamples.initialised(broker, TXN);

        // when
        AddPartitionsToTxnResponse current = connection.call((short) 3, TransactionSamples.addPartitions(TXN, zombie, TOPIC, 0));
        AddPartitionsToTxnResponse old = connection.call((short) 1, TransactionSamples.addPartitions(TXN, zombie, TOPIC, 0));

        // then
        assertThat(errorsByPartition(current)).containsOnly(Map.entry(0, Errors.PRODUCER_FENCED));
        assertThat(errorsByPartition(old)).containsOnly(Map.entry(0, Errors.INVALID_PRODUCER_EPOCH));
    }

    @Test
    void shouldRefuseAnEndWithoutTransaction() {
        // when
        EndTxnResponse response = connection.call((short) 4, TransactionSamples.endTxn(TXN, producer, true));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
    }

    @Test
    void shouldMakeTransactionalOffsetsVisibleOnlyOnceTheTransactionCommits() {
        // given
        AddOffsetsToTxnResponse added = connection.call((short) 4, TransactionSamples.addOffsets(TXN, producer, GROUP));
        TxnOffsetCommitResponse committed = connection.call((short) 5,
                TransactionSamples.txnOffsetCommit(TXN, producer, GROUP, TOPIC, 0, 42));

        // when
        OffsetFetchResponsePartition stableBefore = fetchOffset(true);
        OffsetFetchResponsePartition plainBefore = fetchOffset(false);
        EndTxnResponse ended = connection.call((short) 4, TransactionSamples.endTxn(TXN, producer, true));

        // then
        assertThat(added.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(committed.errorCounts()).containsOnlyKeys(Errors.NONE);
        assertThat(stableBefore.errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
        assertThat(plainBefore.committedOffset()).isEqualTo(-1);
        assertThat(ended.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetchOffset(true).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetchOffset(true).committedOffset()).isEqualTo(42);
        assertThat(describe().transactionState()).isEqualTo("CompleteCommit");
    }

    @Test
    void shouldDropTransactionalOffsetsWhenTheTransactionAborts() {
        // given
        connection.call((short) 4, TransactionSamples.addOffsets(TXN, producer, GROUP));
        connection.call((short) 5, TransactionSamples.txnOffsetCommit(TXN, producer, GROUP, TOPIC, 0, 42));

        // when
        EndTxnResponse ended = connection.call((short) 4, TransactionSamples.endTxn(TXN, producer, false));

        // then
        assertThat(ended.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetchOffset(true).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetchOffset(true).committedOffset()).isEqualTo(-1);
        assertThat(describe().transactionState()).isEqualTo("CompleteAbort");
    }

    @Test
    void shouldRefuseOffsetsOfAGroupNotAddedToTheTransaction() {
        // when a producer of transaction version 1 (TxnOffsetCommit up to v4) skips AddOffsetsToTxn
        TxnOffsetCommitResponse response = connection.call((short) 4,
                TransactionSamples.txnOffsetCommit(TXN, producer, GROUP, TOPIC, 0, 42));

        // then
        assertThat(response.errorCounts()).containsOnlyKeys(Errors.INVALID_TXN_STATE);
    }

    @Test
    void shouldDescribeAnUnknownTransactionalIdAsNotFound() {
        // when
        DescribeTransactionsResponse response = connection.call((short) 0,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of("unknown")));

        // then
        assertThat(response.data().transactionStates()).singleElement().satisfies(state ->
                assertThat(state.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code()));
    }

    @Test
    void shouldListTransactionsByStateAndAnswerUnknownStatesBack() {
        // given
        TransactionSamples.initialised(broker, "refunds");
        connection.call((short) 3, TransactionSamples.addPartitions(TXN, producer, TOPIC, 0));

        // when
        ListTransactionsResponse ongoing = connection.call((short) 2, new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "Sleeping")));
        ListTransactionsResponse byPattern = connection.call((short) 2, new ListTransactionsRequestData()
                .setTransactionalIdPattern("ref.*"));

        // then
        assertThat(ongoing.data().transactionStates()).extracting(ListTransactionsResponseData.TransactionState::transactionalId)
                .containsExactly(TXN);
        assertThat(ongoing.data().unknownStateFilters()).containsExactly("Sleeping");
        assertThat(byPattern.data().transactionStates()).extracting(ListTransactionsResponseData.TransactionState::transactionalId)
                .containsExactly("refunds");
    }

    private TransactionState describe() {
        DescribeTransactionsResponse response = connection.call((short) 0,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN)));
        TransactionState state = response.data().transactionStates().iterator().next();
        assertThat(state.errorCode()).isEqualTo(Errors.NONE.code());
        return state;
    }

    private OffsetFetchResponsePartition fetchOffset(boolean requireStable) {
        OffsetFetchResponse response = connection.call((short) 7,
                GroupRequests.fetchOffsets(GROUP, TOPIC, 0).setRequireStable(requireStable));
        return response.data().topics().get(0).partitions().get(0);
    }

    private static Map<Integer, Errors> errorsByPartition(AddPartitionsToTxnResponse response) {
        return response.data().resultsByTopicV3AndBelow().stream()
                .flatMap(topic -> topic.resultsByPartition().stream())
                .collect(Collectors.toMap(AddPartitionsToTxnPartitionResult::partitionIndex,
                        result -> Errors.forCode(result.partitionErrorCode())));
    }
}
