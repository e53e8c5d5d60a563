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
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brokers' AddPartitionsToTxn bound for each coordinator node, gathered as Kafka's
 * {@code AddPartitionsToTxnManager} gathers them: one request in flight per node, and the transactions asked for
 * meanwhile go together in the next one, so that the first batches of many producers cost the coordinator one
 * request rather than one each. A request names a transactional ID once: asks for the same producer, epoch and kind
 * (adding or verifying) are merged into one transaction, any other waits for the following request.
 */
final class AddPartitionsToTxnBatches {

    /** Sends one request holding {@code transactions} to {@code node} and completes with its response. */
    interface Sender {
        CompletableFuture<AddPartitionsToTxnResponseData> send(BrokerNode node,
                                                               AddPartitionsToTxnTransactionCollection transactions);
    }

    private final Sender sender;
    private final Map<Integer, NodeQueue> queues = new ConcurrentHashMap<>();

    AddPartitionsToTxnBatches(Sender sender) {
        this.sender = sender;
    }

    /**
     * Asks the coordinator on {@code node} about one transaction, in the next request to it.
     *
     * @return completes with the outcome of each partition of {@code transaction}, or fails as the request failed
     */
    CompletableFuture<Map<TopicPartition, Errors>> ask(BrokerNode node, AddPartitionsToTxnTransaction transaction) {
        Asked asked = new Asked(transaction, new CompletableFuture<>());
        queues.computeIfAbsent(node.nodeId(), id -> new NodeQueue()).add(node, asked);
        return asked.outcomes();
    }

    /** One caller's transaction, and where its outcomes go. */
    private record Asked(AddPartitionsToTxnTransaction transaction,
                         CompletableFuture<Map<TopicPartition, Errors>> outcomes) {

        List<TopicPartition> partitions() {
            List<TopicPartition> partitions = new ArrayList<>();
            transaction.topics().forEach(topic -> topic.partitions().forEach(index ->
                    partitions.add(new TopicPartition(TopicName.of(topic.name()), index))));
            return partitions;
        }

        boolean mergesWith(AddPartitionsToTxnTransaction other) {
            return transaction.producerId() == other.producerId() && transaction.producerEpoch() == other.producerEpoch()
                    && transaction.verifyOnly() == other.verifyOnly();
        }
    }

    /** The asks waiting for one node, and whether a request to it is in flight. */
    private final class NodeQueue {

        private final List<Asked> waiting = new ArrayList<>();
        private boolean inFlight;
        private BrokerNode node;

        void add(BrokerNode latest, Asked asked) {
            synchronized (this) {
                node = latest;
                waiting.add(asked);
                if (inFlight) {
                    return;
                }
                inFlight = true;
            }
            sendNext();
        }

        private void sendNext() {
            List<Asked> batch;
            BrokerNode target;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    inFlight = false;
                    return;
                }
                batch = takeBatch();
                target = node;
            }
            AddPartitionsToTxnTransactionCollection transactions = merged(batch);
            CompletableFuture<AddPartitionsToTxnResponseData> response;
            try {
                response = sender.send(target, transactions);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((data, failure) -> {
                for (Asked asked : batch) {
                    if (failure != null) {
                        asked.outcomes().completeExceptionally(failure);
                    } else {
                        asked.outcomes().complete(outcomes(data, asked));
                    }
                }
                sendNext();
            });
        }

        /** Takes the waiting asks that fit in one request, in order: one transaction per transactional ID. */
        private List<Asked> takeBatch() {
            Map<String, Asked> firstById = new LinkedHashMap<>();
            List<Asked> batch = new ArrayList<>();
            for (Iterator<Asked> each = waiting.iterator(); each.hasNext(); ) {
                Asked asked = each.next();
                Asked first = firstById.putIfAbsent(asked.transaction().transactionalId(), asked);
                if (first == null || first.mergesWith(asked.transaction())) {
                    batch.add(asked);
                    each.remove();
                }
            }
            return batch;
        }
    }

    /** The batch as one request: the asks of one transactional ID merged, their partitions together. */
    private static AddPartitionsToTxnTransactionCollection merged(List<Asked> batch) {
        Map<String, AddPartitionsToTxnTransaction> byId = new LinkedHashMap<>();
        Map<String, Map<String, Set<Integer>>> partitionsById = new LinkedHashMap<>();
        for (Asked asked : batch) {
            AddPartitionsToTxnTransaction transaction = asked.transaction();
            byId.putIfAbsent(transaction.transactionalId(), transaction);
            Map<String, Set<Integer>> byTopic = partitionsById.computeIfAbsent(transaction.transactionalId(),
                    id -> new TreeMap<>());
            transaction.topics().forEach(topic -> byTopic.computeIfAbsent(topic.name(), name -> new LinkedHashSet<>())
                    .addAll(topic.partitions()));
        }
        AddPartitionsToTxnTransactionCollection transactions = new AddPartitionsToTxnTransactionCollection();
        byId.forEach((id, first) -> {
            AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
            partitionsById.get(id).forEach((topic, indexes) -> topics.add(new AddPartitionsToTxnTopic().setName(topic)
                    .setPartitions(new ArrayList<>(indexes))));
            transactions.add(new AddPartitionsToTxnTransaction().setTransactionalId(id)
                    .setProducerId(first.producerId()).setProducerEpoch(first.producerEpoch())
                    .setVerifyOnly(first.verifyOnly()).setTopics(topics));
        });
        return transactions;
    }

    /**
     * The outcome of each partition one caller asked about: the request's error if the coordinator refused it whole,
     * else its transaction's; a partition the answer leaves out is an unknown error.
     */
    private static Map<TopicPartition, Errors> outcomes(AddPartitionsToTxnResponseData data, Asked asked) {
        Map<TopicPartition, Errors> outcomes = new LinkedHashMap<>();
        Errors topLevel = Errors.forCode(data.errorCode());
        AddPartitionsToTxnResult result = data.resultsByTransaction().find(asked.transaction().transactionalId());
        Map<TopicPartition, Errors> answered = new LinkedHashMap<>();
        if (topLevel == Errors.NONE && result != null) {
            for (AddPartitionsToTxnTopicResult topic : result.topicResults()) {
                for (AddPartitionsToTxnPartitionResult partition : topic.resultsByPartition()) {
                    answered.put(new TopicPartition(TopicName.of(topic.name()), partition.partitionIndex()),
                            Errors.forCode(partition.partitionErrorCode()));
                }
            }
        }
        Errors missing = topLevel != Errors.NONE ? topLevel : Errors.UNKNOWN_SERVER_ERROR;
        for (TopicPartition partition : asked.partitions()) {
            outcomes.put(partition, answered.getOrDefault(partition, missing));
        }
        return outcomes;
    }
}
