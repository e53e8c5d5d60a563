package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.domain.transaction.TransactionVersion;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transaction version 2 (KIP-890) over the wire, and the requests of version 1 beside it: the feature in
 * ApiVersions, EndTxn v5 bumping the epoch, Produce v12 and TxnOffsetCommit v5 adding to the transaction, the
 * brokers' AddPartitionsToTxn v4-5, and the verification of an older producer's first batch.
 */
class TransactionVersionTwoHandlersTest {

    private static final String TXN = "payments";
    private static final String GROUP = "billing";
    private static final String TOPIC = "orders";
    private static final short PRODUCE_V10 = 10;
    private static final short PRODUCE_V11 = 11;
    private static final short PRODUCE_V12 = 12;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void transactionalProducer() {
        broker.createTopic(TOPIC, 2);
        producer = TransactionSamples.initialised(broker, TXN);
    }

    @Test
    void shouldFinalizeTransactionVersionTwoAndLeaveLevelZeroOutOfOlderResponses() {
        ApiVersionsResponse v4 = connection.call((short) 4, apiVersions());
        ApiVersionsResponse v3 = connection.call((short) 3, apiVersions());
        ApiVersionsResponse v2 = connection.call((short) 2, new ApiVersionsRequestData());

        SupportedFeatureKey supported = v4.data().supportedFeatures().find(TransactionVersion.FEATURE_NAME);
        FinalizedFeatureKey finalized = v4.data().finalizedFeatures().find(TransactionVersion.FEATURE_NAME);
        assertThat(supported.minVersion()).isZero();
        assertThat(supported.maxVersion()).isEqualTo((short) 2);
        assertThat(finalized.minVersionLevel()).isEqualTo((short) 2);
        assertThat(finalized.maxVersionLevel()).isEqualTo((short) 2);
        assertThat(v4.data().finalizedFeaturesEpoch()).isNotNegative();
        assertThat(v3.data().supportedFeatures()).isEmpty();
        assertThat(v3.data().finalizedFeatures().find(TransactionVersion.FEATURE_NAME)).isEqualTo(finalized);
        assertThat(v2.data().apiKeys()).isNotEmpty();
    }

    @Test
    void shouldNeitherFinalizeNorSupportVersionTwoOnABrokerServingVersionOne() {
        // a cluster's broker serves transaction version 1 only
        ApiVersionsHandler handler = new ApiVersionsHandler(List.of(), broker.core().describeCluster(),
                TransactionVersion.TV_0);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.API_VERSIONS, (short) 4, "test", 1),
                new InetSocketAddress("127.0.0.1", 1), new AfterResponse(), Runnable::run);

        ApiVersionsResponseData response = handler.handle(context, apiVersions()).join();

        assertThat(response.finalizedFeatures()).isEmpty();
        assertThat(response.supportedFeatures().find(TransactionVersion.FEATURE_NAME).maxVersion()).isZero();
    }

    @Test
    void shouldRunAWholeTransactionOfVersionOneWithoutBumpingTheEpoch() {
        // given a producer that adds its partition itself and writes with Produce v11
        connection.call((short) 3, TransactionSamples.addPartitions(TXN, producer, TOPIC, 0));
        PartitionProduceResponse produced = produce(PRODUCE_V11, producer, 0, 0);

        // when it commits with EndTxn v4
        EndTxnResponse ended = connection.call((short) 4, TransactionSamples.endTxn(TXN, producer, true));

        // then its epoch stays, and the next transaction goes on with it
        assertThat(produced.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ended.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(describe().producerEpoch()).isEqualTo(producer.epoch());
        assertThat(describe().transactionState()).isEqualTo("CompleteCommit");
        connection.call((short) 3, TransactionSamples.addPartitions(TXN, producer, TOPIC, 0));
        assertThat(produce(PRODUCE_V11, producer, 0, 1).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldRefuseAnOlderProducersBatchForAPartitionNotInItsTransactionWithTheErrorItsVersionKnows() {
        PartitionProduceResponse v10 = produce(PRODUCE_V10, producer, 1, 0);
        PartitionProduceResponse v11 = produce(PRODUCE_V11, producer, 1, 0);

        assertThat(v10.errorCode()).isEqualTo(Errors.INVALID_TXN_STATE.code());
        assertThat(v11.errorCode()).isEqualTo(Errors.TRANSACTION_ABORTABLE.code());
        assertThat(describe().topics()).isEmpty();
    }

    @Test
    void shouldAddThePartitionOfAProduceVersionTwelveAndBumpTheEpochOnEndTxnVersionFive() {
        // when a producer of version 2 writes without AddPartitionsToTxn, then commits with EndTxn v5
        PartitionProduceResponse produced = produce(PRODUCE_V12, producer, 1, 0);
        TransactionState during = describe();
        EndTxnResponse ended = connection.call((short) 5, TransactionSamples.endTxn(TXN, producer, true));

        // then the partition was in the transaction, and the producer goes on at the next epoch
        assertThat(produced.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(during.topics()).singleElement().satisfies(topic ->
                assertThat(topic.partitions()).containsExactly(1));
        assertThat(ended.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ended.data().producerId()).isEqualTo(producer.producerId());
        assertThat(ended.data().producerEpoch()).isEqualTo((short) (producer.epoch() + 1));
        ProducerIdAndEpoch bumped = new ProducerIdAndEpoch(ended.data().producerId(), ended.data().producerEpoch());
        assertThat(produce(PRODUCE_V12, producer, 1, 1).errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(produce(PRODUCE_V12, bumped, 1, 0).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldAddTheGroupOfATxnOffsetCommitVersionFiveOnly() {
        TxnOffsetCommitResponse v4 = connection.call((short) 4,
                TransactionSamples.txnOffsetCommit(TXN, producer, GROUP, TOPIC, 0, 42));
        TxnOffsetCommitResponse v5 = connection.call((short) 5,
                TransactionSamples.txnOffsetCommit(TXN, producer, GROUP, TOPIC, 0, 42));

        assertThat(v4.errorCounts()).containsOnlyKeys(Errors.INVALID_TXN_STATE);
        assertThat(v5.errorCounts()).containsOnlyKeys(Errors.NONE);
        assertThat(describe().transactionState()).isEqualTo("Ongoing");
    }

    @Test
    void shouldVerifyPartitionsForABrokerWithoutAddingThem() {
        connection.call((short) 3, TransactionSamples.addPartitions(TXN, producer, TOPIC, 0));

        AddPartitionsToTxnResponse verified = connection.call((short) 4,
                TransactionSamples.addPartitionsForBroker(TXN, producer, true, TOPIC, 0, 1));

        assertThat(errorsByPartition(verified)).containsOnly(Map.entry(0, Errors.NONE),
                Map.entry(1, Errors.TRANSACTION_ABORTABLE));
        assertThat(describe().topics()).singleElement().satisfies(topic ->
                assertThat(topic.partitions()).containsExactly(0));
    }

    @Test
    void shouldAddPartitionsForABrokerAndAnswerEachTransactionOfTheBatch() {
        AddPartitionsToTxnResponse added = connection.call((short) 5,
                TransactionSamples.addPartitionsForBroker(TXN, producer, false, TOPIC, 0, 1));
        AddPartitionsToTxnResponse unknown = connection.call((short) 5,
                TransactionSamples.addPartitionsForBroker("unknown", producer, false, TOPIC, 0));

        assertThat(errorsByPartition(added)).containsOnly(Map.entry(0, Errors.NONE), Map.entry(1, Errors.NONE));
        assertThat(added.data().resultsByTransaction().find(TXN)).isNotNull();
        assertThat(errorsByPartition(unknown)).containsOnly(Map.entry(0, Errors.INVALID_PRODUCER_ID_MAPPING));
        assertThat(describe().transactionState()).isEqualTo("Ongoing");
    }

    private PartitionProduceResponse produce(short version, ProducerIdAndEpoch from, int partition, int sequence) {
        ProduceResponse response = connection.call(version,
                TransactionSamples.transactionalProduce(TXN, from, sequence, TOPIC, partition, "v" + sequence));
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private TransactionState describe() {
        DescribeTransactionsResponse response = connection.call((short) 0,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(TXN)));
        return response.data().transactionStates().iterator().next();
    }

    private static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData().setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
    }

    private static Map<Integer, Errors> errorsByPartition(AddPartitionsToTxnResponse response) {
        return response.data().resultsByTransaction().stream()
                .flatMap(transaction -> transaction.topicResults().stream())
                .flatMap(topic -> topic.resultsByPartition().stream())
                .collect(Collectors.toMap(AddPartitionsToTxnPartitionResult::partitionIndex,
                        result -> Errors.forCode(result.partitionErrorCode())));
    }
}
