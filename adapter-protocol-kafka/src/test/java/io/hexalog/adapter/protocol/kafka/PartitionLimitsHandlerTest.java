package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client is told when a request would create too many partitions, for the request or for the broker. */
class PartitionLimitsHandlerTest {

    private static final short CREATE_TOPICS_V7 = 7;
    private static final short CREATE_PARTITIONS_V3 = 3;
    private static final short METADATA_V12 = 12;
    private static final String EXCESSIVE = "Excessively large number of partitions per request.";

    private final EmbeddedBroker broker = new EmbeddedBroker(
            new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT).withMaxBrokerPartitions(20));
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldRefuseEveryTopicOfACreateTopicsRequestOverTenThousandPartitionsInAll() {
        // given: the broker itself would have room; the request is too large for any broker
        EmbeddedBroker roomy = new EmbeddedBroker(
                new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT).withMaxBrokerPartitions(1_000_000));

        // when
        CreateTopicsResponse response = roomy.connect().call(CREATE_TOPICS_V7,
                createTopics(false, topic("orders", 5_000), topic("payments", 5_000), topic("clicks", -1)));

        // then
        assertThat(response.data().topics()).hasSize(3).allSatisfy(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
            assertThat(result.errorMessage()).isEqualTo(EXCESSIVE);
        });
        assertThat(roomy.topicNames()).isEmpty();
    }

    @Test
    void shouldNotCountATopicNamedTwiceTowardsTheRequestLimit() {
        // when: the twice-named topic fails on its own, as Kafka's broker drops it before its controller counts
        CreateTopicsResponse response = connection.call(CREATE_TOPICS_V7, createTopics(true,
                topic("twice", 6_000), topic("twice", 6_000), topic("orders", 10)));

        // then
        assertThat(response.data().topics()).extracting(result -> Errors.forCode(result.errorCode()))
                .containsExactly(Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.NONE);
    }

    @Test
    void shouldRefuseAValidateOnlyCreateTopicsRequestOverTenThousandPartitions() {
        // when
        CreateTopicsResponse response = connection.call(CREATE_TOPICS_V7,
                createTopics(true, topic("orders", 10_001)));

        // then
        CreatableTopicResult result = response.data().topics().find("orders");
        assertThat(result.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(result.errorMessage()).isEqualTo(EXCESSIVE);
    }

    @Test
    void shouldRefuseATopicThatWouldTakeTheBrokerOverItsLimitAndCreateTheOthers() {
        // given
        broker.createTopic("orders", 15);

        // when
        CreateTopicsResponse response = connection.call(CREATE_TOPICS_V7,
                createTopics(false, topic("payments", 6), topic("clicks", 5)));

        // then
        CreatableTopicResult refused = response.data().topics().find("payments");
        assertThat(refused.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(refused.errorMessage()).isEqualTo("Creating 6 partition(s) would bring this broker to 21 "
                + "partitions, above its limit of 20 (max.broker.partitions).");
        assertThat(response.data().topics().find("clicks").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topicNames()).containsExactly("clicks", "orders");
    }

    @Test
    void shouldRefuseACreatePartitionsRequestAddingOverTenThousandPartitionsInAll() {
        // given
        broker.createTopic("orders", 1);
        broker.createTopic("payments", 1);

        // when
        CreatePartitionsResponse response = connection.call(CREATE_PARTITIONS_V3, createPartitions(
                new CreatePartitionsTopic().setName("orders").setCount(5_001),
                new CreatePartitionsTopic().setName("payments").setCount(5_002)));

        // then
        assertThat(response.data().results()).hasSize(2).allSatisfy(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
            assertThat(result.errorMessage()).isEqualTo(EXCESSIVE);
        });
        assertThat(partitionsOf("orders")).isEqualTo(1);
    }

    @Test
    void shouldRefuseGrowingATopicOverTheBrokerLimit() {
        // given
        broker.createTopic("orders", 10);

        // when
        CreatePartitionsResponse response = connection.call(CREATE_PARTITIONS_V3, createPartitions(
                new CreatePartitionsTopic().setName("orders").setCount(21)));

        // then
        CreatePartitionsTopicResult result = response.data().results().get(0);
        assertThat(result.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(result.errorMessage()).contains("above its limit of 20 (max.broker.partitions)");
        assertThat(partitionsOf("orders")).isEqualTo(10);
    }

    @Test
    void shouldAnswerMetadataWithPolicyViolationForATopicTheBrokerHasNoRoomToAutoCreate() {
        // given
        broker.createTopic("orders", 20);
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(true)
                .setTopics(List.of(new MetadataRequestTopic().setName("clicks")));

        // when
        MetadataResponse response = connection.call(METADATA_V12, request);

        // then
        assertThat(response.data().topics().find("clicks").errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertThat(broker.topicNames()).containsExactly("orders");
    }

    private int partitionsOf(String topic) {
        return broker.core().describeTopics().findTopic(TopicName.of(topic)).orElseThrow().partitionCount();
    }

    private static CreateTopicsRequestData createTopics(boolean validateOnly, CreatableTopic... topics) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000).setValidateOnly(validateOnly);
        request.topics().addAll(List.of(topics));
        return request;
    }

    private static CreatableTopic topic(String name, int partitions) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor((short) 1);
    }

    private static CreatePartitionsRequestData createPartitions(CreatePartitionsTopic... topics) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1_000);
        request.topics().addAll(List.of(topics));
        return request;
    }
}
