package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gathering of the brokers' AddPartitionsToTxn, with a sender that holds every request until the test answers
 * it: one request in flight per coordinator node, the transactions asked for meanwhile sent together in the next.
 */
class AddPartitionsToTxnBatchesTest {

    private static final BrokerNode NODE_1 = new BrokerNode(1, "127.0.0.1", 9092);
    private static final BrokerNode NODE_2 = new BrokerNode(2, "127.0.0.1", 9093);
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition(TopicName.of("orders"), 1);

    /** A request the sender holds, to whom it went, and its answer to give. */
    private record Sent(BrokerNode node, AddPartitionsToTxnTransactionCollection transactions,
                        CompletableFuture<AddPartitionsToTxnResponseData> response) {

        List<String> transactionalIds() {
            return transactions.stream().map(AddPartitionsToTxnTransaction::transactionalId).toList();
        }

        /** Answers every partition of every transaction with {@code error}. */
        void answer(Errors error) {
            AddPartitionsToTxnResultCollection results = new AddPartitionsToTxnResultCollection();
            for (AddPartitionsToTxnTransaction transaction : transactions) {
                AddPartitionsToTxnTopicResultCollection topics = new AddPartitionsToTxnTopicResultCollection();
                for (AddPartitionsToTxnTopic topic : transaction.topics()) {
                    AddPartitionsToTxnTopicResult result = new AddPartitionsToTxnTopicResult().setName(topic.name());
                    topic.partitions().forEach(index -> result.resultsByPartition().add(
                            new AddPartitionsToTxnPartitionResult().setPartitionIndex(index)
                                    .setPartitionErrorCode(error.code())));
                    topics.add(result);
                }
                results.add(new AddPartitionsToTxnResult().setTransactionalId(transaction.transactionalId())
                        .setTopicResults(topics));
            }
            response.complete(new AddPartitionsToTxnResponseData().setResultsByTransaction(results));
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final AddPartitionsToTxnBatches batches = new AddPartitionsToTxnBatches((node, transactions) -> {
        CompletableFuture<AddPartitionsToTxnResponseData> response = new CompletableFuture<>();
        sent.add(new Sent(node, transactions, response));
        return response;
    });

    private static AddPartitionsToTxnTransaction transaction(String id, int epoch, boolean verifyOnly,
                                                             TopicPartition... partitions) {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        for (TopicPartition partition : partitions) {
            AddPartitionsToTxnTopic topic = topics.find(partition.topic().value());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopic().setName(partition.topic().value()).setPartitions(new ArrayList<>());
                topics.add(topic);
            }
            topic.partitions().add(partition.partition());
        }
        return new AddPartitionsToTxnTransaction().setTransactionalId(id).setProducerId(1000 + id.hashCode() % 100)
                .setProducerEpoch((short) epoch).setVerifyOnly(verifyOnly).setTopics(topics);
    }

    @Test
    void shouldSendTheTransactionsAskedForWhileARequestIsInFlightTogetherInTheNextOne() {
        // given a request in flight
        CompletableFuture<Map<TopicPartition, Errors>> first = batches.ask(NODE_1, transaction("a", 0, false, ORDERS_0));

        // when three more producers ask meanwhile
        CompletableFuture<Map<TopicPartition, Errors>> b = batches.ask(NODE_1, transaction("b", 0, false, ORDERS_0));
        CompletableFuture<Map<TopicPartition, Errors>> c = batches.ask(NODE_1, transaction("c", 0, true, ORDERS_1));
        CompletableFuture<Map<TopicPartition, Errors>> d = batches.ask(NODE_1, transaction("d", 3, false, ORDERS_1));

        // then they wait for the first answer, and go in one request
        assertThat(sent).hasSize(1);
        sent.get(0).answer(Errors.NONE);
        assertThat(first).isCompletedWithValue(Map.of(ORDERS_0, Errors.NONE));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).transactionalIds()).containsExactly("b", "c", "d");
        assertThat(sent.get(1).transactions().find("c").verifyOnly()).isTrue();
        sent.get(1).answer(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(b).isCompletedWithValue(Map.of(ORDERS_0, Errors.CONCURRENT_TRANSACTIONS));
        assertThat(c).isCompletedWithValue(Map.of(ORDERS_1, Errors.CONCURRENT_TRANSACTIONS));
        assertThat(d).isCompletedWithValue(Map.of(ORDERS_1, Errors.CONCURRENT_TRANSACTIONS));
        assertThat(sent).hasSize(2);
    }

    @Test
    void shouldMergeTheAsksOfOneProducerAndLeaveAnotherEpochForTheFollowingRequest() {
        batches.ask(NODE_1, transaction("other", 0, false, ORDERS_0));
        CompletableFuture<Map<TopicPartition, Errors>> first = batches.ask(NODE_1, transaction("a", 0, false, ORDERS_0));
        CompletableFuture<Map<TopicPartition, Errors>> second = batches.ask(NODE_1, transaction("a", 0, false, ORDERS_1));
        CompletableFuture<Map<TopicPartition, Errors>> verification = batches.ask(NODE_1,
                transaction("a", 0, true, ORDERS_1));
        CompletableFuture<Map<TopicPartition, Errors>> newerEpoch = batches.ask(NODE_1,
                transaction("a", 1, false, ORDERS_0));

        sent.get(0).answer(Errors.NONE);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).transactionalIds()).containsExactly("a");
        assertThat(sent.get(1).transactions().find("a").topics().find("orders").partitions()).containsExactly(0, 1);
        sent.get(1).answer(Errors.NONE);
        assertThat(first).isCompletedWithValue(Map.of(ORDERS_0, Errors.NONE));
        assertThat(second).isCompletedWithValue(Map.of(ORDERS_1, Errors.NONE));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).transactions().find("a").verifyOnly()).isTrue();
        sent.get(2).answer(Errors.TRANSACTION_ABORTABLE);
        assertThat(verification).isCompletedWithValue(Map.of(ORDERS_1, Errors.TRANSACTION_ABORTABLE));
        assertThat(sent.get(3).transactions().find("a").producerEpoch()).isEqualTo((short) 1);
        sent.get(3).answer(Errors.NONE);
        assertThat(newerEpoch).isCompletedWithValue(Map.of(ORDERS_0, Errors.NONE));
    }

    @Test
    void shouldKeepTheRequestsOfEachNodeApart() {
        batches.ask(NODE_1, transaction("a", 0, false, ORDERS_0));

        CompletableFuture<Map<TopicPartition, Errors>> elsewhere = batches.ask(NODE_2,
                transaction("b", 0, false, ORDERS_0));

        assertThat(sent).extracting(Sent::node).containsExactly(NODE_1, NODE_2);
        sent.get(1).answer(Errors.NONE);
        assertThat(elsewhere).isCompletedWithValue(Map.of(ORDERS_0, Errors.NONE));
    }

    @Test
    void shouldFailEveryAskOfAFailedRequestAndSendTheNextAllTheSame() {
        CompletableFuture<Map<TopicPartition, Errors>> first = batches.ask(NODE_1, transaction("a", 0, false, ORDERS_0));
        CompletableFuture<Map<TopicPartition, Errors>> waiting = batches.ask(NODE_1,
                transaction("b", 0, false, ORDERS_0));
        RuntimeException unreachable = new IllegalStateException("unreachable");

        sent.get(0).response().completeExceptionally(unreachable);

        assertThat(first).isCompletedExceptionally();
        assertThat(sent).hasSize(2);
        sent.get(1).response().complete(new AddPartitionsToTxnResponseData()
                .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        assertThat(waiting).isCompletedWithValue(Map.of(ORDERS_0, Errors.CLUSTER_AUTHORIZATION_FAILED));
    }

    @Test
    void shouldAnswerAPartitionTheCoordinatorLeftOutAsAnUnknownError() {
        CompletableFuture<Map<TopicPartition, Errors>> asked = batches.ask(NODE_1, transaction("a", 0, false, ORDERS_0));

        sent.get(0).response().complete(new AddPartitionsToTxnResponseData());

        assertThat(asked).isCompletedWithValue(Map.of(ORDERS_0, Errors.UNKNOWN_SERVER_ERROR));
    }
}
