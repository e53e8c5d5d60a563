package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.TransactionAbortableException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction coordinator on another broker, asked over the Kafka protocol as Kafka's brokers ask theirs:
 * AddPartitionsToTxn version 5 to the coordinator's Kafka listener, the transactions asked for while a request to the
 * same broker is in flight gathered into the next one ({@link AddPartitionsToTxnBatches}). One connection per
 * broker ({@link InterBrokerConnections}, on a thread of its own, {@code hexalog-interbroker}). A request that gets
 * no answer within the request timeout, or whose connection closes first, fails with
 * {@link CoordinatorNotAvailableException}.
 */
public final class KafkaRemoteTransactionCoordinator implements RemoteTransactionCoordinator, AutoCloseable {

    /** The brokers' version of KIP-890 with TRANSACTION_ABORTABLE. */
    static final short VERSION = 5;
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final InterBrokerConnections connections;
    private final AddPartitionsToTxnBatches batches = new AddPartitionsToTxnBatches(this::send);

    /**
     * @param clientId       the client ID the requests carry, naming the asking broker in the coordinator's logs
     * @param requestTimeout how long a request may wait for its connection and its answer
     */
    KafkaRemoteTransactionCoordinator(String clientId, Duration requestTimeout) {
        this.connections = new InterBrokerConnections(clientId, "the transaction coordinator", "hexalog-interbroker",
                requestTimeout, MAX_RESPONSE_BYTES, (coordinator, why) -> new CoordinatorNotAvailableException("The transaction coordinator on node "
                        + coordinator.nodeId() + " at " + coordinator.host() + ":" + coordinator.port()
                        + " did not answer: " + why));
    }

    @Override
    public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                 ProducerIdentity producer, Set<TopicPartition> partitions) {
        return batches.ask(coordinator, transaction(transactionalId, producer, partitions, false)).thenApply(outcomes -> {
            for (Map.Entry<TopicPartition, Errors> outcome : outcomes.entrySet()) {
                if (outcome.getValue() != Errors.NONE) {
                    throw exception(outcome.getValue(), coordinator, transactionalId);
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(BrokerNode coordinator,
                                                                             TransactionalId transactionalId,
                                                                             ProducerIdentity producer,
                                                                             Set<TopicPartition> partitions) {
        return batches.ask(coordinator, transaction(transactionalId, producer, partitions, true)).thenApply(outcomes -> {
            Set<TopicPartition> missing = new HashSet<>();
            for (Map.Entry<TopicPartition, Errors> outcome : outcomes.entrySet()) {
                if (outcome.getValue() == Errors.TRANSACTION_ABORTABLE) {
                    missing.add(outcome.getKey());
                } else if (outcome.getValue() != Errors.NONE) {
                    throw exception(outcome.getValue(), coordinator, transactionalId);
                }
            }
            return Set.copyOf(missing);
        });
    }

    /** Closes every connection; requests still waiting fail. */
    @Override
    public void close() {
        connections.close();
    }

    private static AddPartitionsToTxnTransaction transaction(TransactionalId transactionalId, ProducerIdentity producer,
                                                             Set<TopicPartition> partitions, boolean verifyOnly) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            byTopic.computeIfAbsent(partition.topic().value(), topic -> new ArrayList<>()).add(partition.partition());
        }
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        byTopic.forEach((topic, indexes) -> topics.add(new AddPartitionsToTxnTopic().setName(topic)
                .setPartitions(indexes)));
        return new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId.value())
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setVerifyOnly(verifyOnly).setTopics(topics);
    }

    /** The coordinator's error as this broker's services know it. */
    static HexalogException exception(Errors error, BrokerNode coordinator, TransactionalId transactionalId) {
        String message = "The transaction coordinator on node " + coordinator.nodeId() + " answered " + error.name()
                + " for transactional ID " + transactionalId.value() + ": " + error.message();
        switch (error) {
            case NOT_COORDINATOR:
                return new NotCoordinatorException(message);
            case CONCURRENT_TRANSACTIONS:
                return new ConcurrentTransactionsException(message);
            case PRODUCER_FENCED:
                return new ProducerFencedException(message);
            case INVALID_PRODUCER_EPOCH:
                return new InvalidProducerEpochException(message);
            case INVALID_PRODUCER_ID_MAPPING:
                return new InvalidProducerIdMappingException(message);
            case INVALID_TXN_STATE:
                return new InvalidTxnStateException(message);
            case TRANSACTION_ABORTABLE:
                return new TransactionAbortableException(message);
            case UNKNOWN_TOPIC_OR_PARTITION:
                return new UnknownTopicOrPartitionException(message);
            default:
                return new CoordinatorNotAvailableException(message);
        }
    }

    /** One request to the coordinator on {@code coordinator}, holding the transactions of a batch. */
    private CompletableFuture<AddPartitionsToTxnResponseData> send(BrokerNode coordinator,
                                                                   AddPartitionsToTxnTransactionCollection transactions) {
        AddPartitionsToTxnRequest request = AddPartitionsToTxnRequest.Builder.forBroker(transactions).build(VERSION);
        return connections.send(coordinator, ApiKeys.ADD_PARTITIONS_TO_TXN, VERSION, request)
                .thenApply(response -> ((AddPartitionsToTxnResponse) response).data());
    }
}
