package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.clients.Metadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.ClusterResourceListeners;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.utils.internals.LogContext;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataHandlerTest {

    private static final short V12 = 12;

    @Test
    void shouldDescribeBrokersClusterAndEveryTopic() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("b-topic", 2);
        broker.createTopic("a-topic", 1);

        // when
        MetadataResponse response = broker.connect().call(V12, new MetadataRequestData().setTopics(null));

        // then
        assertThat(response.data().clusterId()).isEqualTo(SingleBrokerClusterViewFake.CLUSTER_ID);
        assertThat(response.data().controllerId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        MetadataResponseBroker described = response.data().brokers().iterator().next();
        assertThat(described.nodeId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(described.host()).isEqualTo(SingleBrokerClusterViewFake.BROKER.host());
        assertThat(described.port()).isEqualTo(SingleBrokerClusterViewFake.BROKER.port());
        assertThat(response.data().topics()).extracting(MetadataResponseTopic::name).containsExactly("a-topic", "b-topic");
        MetadataResponseTopic topic = response.data().topics().find("b-topic");
        assertThat(topic.topicId()).isEqualTo(broker.topicId("b-topic"));
        assertThat(topic.partitions()).extracting(MetadataResponsePartition::partitionIndex).containsExactly(0, 1);
        assertThat(topic.partitions().get(0).leaderId()).isEqualTo(SingleBrokerClusterViewFake.BROKER.nodeId());
        assertThat(topic.partitions().get(0).replicaNodes()).containsExactly(SingleBrokerClusterViewFake.BROKER.nodeId());
    }

    @Test
    void shouldAnswerAPartitionWithoutALeaderWithLeaderNotAvailableSoThatClientsAskAgain() {
        // given a partition whose leader is being elected, in the epoch the replicas have reached
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("orders", 1);
        broker.cluster().leaderEpoch(2);
        broker.cluster().leadNowhere();

        // when
        MetadataResponse response = broker.connect().call(V12, new MetadataRequestData().setTopics(null));
        DescribeTopicPartitionsResponse described = broker.connect().call((short) 0,
                new DescribeTopicPartitionsRequestData().setTopics(List.of(
                        new DescribeTopicPartitionsRequestData.TopicRequest().setName("orders"))));

        // then both say there is no leader with LEADER_NOT_AVAILABLE, as Kafka does: with NONE the Java client
        // would not ask for metadata again, and a consumer validating its position there would wait minutes;
        // and no epoch, so that the client asks again at its shortest backoff (the next test)
        MetadataResponseTopic topic = response.data().topics().find("orders");
        assertThat(topic.errorCode()).isEqualTo(Errors.NONE.code());
        MetadataResponsePartition partition = topic.partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.leaderId()).isEqualTo(-1);
        assertThat(partition.leaderEpoch()).isEqualTo(-1);
        assertThat(partition.replicaNodes()).isNotEmpty();
        DescribeTopicPartitionsResponsePartition describedPartition = described.data().topics().find("orders")
                .partitions().get(0);
        assertThat(describedPartition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(describedPartition.leaderId()).isEqualTo(-1);
        assertThat(describedPartition.leaderEpoch()).isEqualTo(-1);
    }

    @Test
    void shouldLetTheJavaClientAskAgainAtItsShortestBackoffWhileAPartitionHasNoLeader() {
        // given the Java client's own metadata, with Kafka's default backoffs (100 ms, doubling up to 1 s), that
        // was told four times in a row that the partition's leader is this broker in epoch 2, as a dead leader
        // goes on being named until its followers notice: answers that bring no newer epoch back it off
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("orders", 1);
        broker.cluster().leaderEpoch(2);
        Metadata client = new Metadata(100, 1000, 300_000, new LogContext(), new ClusterResourceListeners());
        client.bootstrap(List.of(new InetSocketAddress("127.0.0.1", SingleBrokerClusterViewFake.BROKER.port())));
        long now = 1_000;
        for (int answer = 0; answer < 4; answer++) {
            now += 10;
            client.updateWithCurrentRequestVersion(metadataOf(broker, "orders"), false, now);
        }
        assertThat(client.timeToAllowUpdate(now)).isGreaterThan(300);

        // when the partition has no leader, as while one is elected, and the client is told so
        broker.cluster().leadNowhere();
        now += 10;
        client.updateWithCurrentRequestVersion(metadataOf(broker, "orders"), false, now);

        // then it may ask again after its shortest backoff (100 ms, 20 % jitter), not after 800 ms
        assertThat(client.updateRequested()).isTrue();
        assertThat(client.timeToAllowUpdate(now)).isLessThanOrEqualTo(120);
        assertThat(client.currentLeader(new TopicPartition("orders", 0)).leader).isEmpty();
    }

    @Test
    void shouldKeepTheEpochOfAPartitionThatHasBeenWithoutALeaderLongerThanAnElectionTakes() {
        // given a partition without a leader and no election under way, as while most of its replicas are down
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("orders", 1);
        broker.cluster().leaderEpoch(2);
        broker.cluster().leadNowhereForLong();

        // when
        MetadataResponsePartition partition = metadataOf(broker, "orders").data().topics().find("orders")
                .partitions().get(0);

        // then clients are told there is no leader, in the epoch they know, and back off between their questions
        assertThat(partition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.leaderId()).isEqualTo(-1);
        assertThat(partition.leaderEpoch()).isEqualTo(2);
    }

    private static MetadataResponse metadataOf(EmbeddedBroker broker, String topic) {
        return broker.connect().call(V12, request(topic, false));
    }

    @Test
    void shouldAutoCreateUnknownTopicWhenAllowed() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker(true);

        // when
        MetadataResponse response = broker.connect().call(V12, request("fresh", true));

        // then
        MetadataResponseTopic topic = response.data().topics().find("fresh");
        assertThat(topic.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(topic.partitions()).hasSize(1);
        assertThat(broker.topicNames()).containsExactly("fresh");
    }

    @Test
    void shouldAnswerUnknownTopicWithUnknownTopicOrPartitionWhenClientDisallowsAutoCreation() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker(true);

        // when
        MetadataResponse response = broker.connect().call(V12, request("fresh", false));

        // then
        assertThat(response.data().topics().find("fresh").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldNotAutoCreateWhenBrokerDisallowsIt() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker(false);

        // when
        MetadataResponse response = broker.connect().call(V12, request("fresh", true));

        // then
        assertThat(response.data().topics().find("fresh").errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldAnswerInvalidTopicNameWithInvalidTopicException() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker(true);

        // when
        MetadataResponse response = broker.connect().call(V12, request("bad name!", true));

        // then
        assertThat(response.data().topics().find("bad name!").errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldDescribeTopicById() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("by-id", 1);
        MetadataRequestData request = new MetadataRequestData();
        request.topics().add(new MetadataRequestTopic().setName(null).setTopicId(broker.topicId("by-id")));

        // when
        MetadataResponse response = broker.connect().call(V12, request);

        // then
        MetadataResponseTopic topic = response.data().topics().iterator().next();
        assertThat(topic.name()).isEqualTo("by-id");
        assertThat(topic.errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldAnswerUnknownTopicIdWithUnknownTopicId() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        MetadataRequestData request = new MetadataRequestData();
        request.topics().add(new MetadataRequestTopic().setName(null).setTopicId(Uuid.randomUuid()));

        // when
        MetadataResponse response = broker.connect().call(V12, request);

        // then
        assertThat(response.data().topics().iterator().next().errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void shouldRefuseATopicWithNeitherNameNorIdWithInvalidRequestAndStayOpen() {
        // given: found by KafkaRequestFuzzTest; it was an unexpected NullPointerException, UNKNOWN_SERVER_ERROR
        EmbeddedBroker broker = new EmbeddedBroker();
        EmbeddedBroker.Connection connection = broker.connect();
        MetadataRequestData request = new MetadataRequestData();
        request.topics().add(new MetadataRequestTopic().setName(null).setTopicId(Uuid.ZERO_UUID));
        request.topics().add(new MetadataRequestTopic().setName("orders"));

        // when
        MetadataResponse response = connection.call(V12, request);

        // then: the whole request is refused, as Kafka refuses a null name below version 12
        assertThat(response.data().topics()).isNotEmpty().allSatisfy(topic ->
                assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(broker.topicNames()).isEmpty();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldRefuseANullTopicNameBeforeVersionTwelveWithInvalidRequest() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        MetadataRequestData request = new MetadataRequestData();
        request.topics().add(new MetadataRequestTopic().setName(null));

        // when
        MetadataResponse response = broker.connect().call((short) 11, request);

        // then
        assertThat(response.data().topics()).isNotEmpty().allSatisfy(topic ->
                assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
    }

    @Test
    void shouldTreatEmptyTopicListInVersionZeroAsAllTopics() {
        // given
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.createTopic("listed", 1);

        // when
        MetadataResponse response = broker.connect().call((short) 0, new MetadataRequestData().setTopics(List.of()));

        // then
        assertThat(response.data().topics()).extracting(MetadataResponseTopic::name).containsExactly("listed");
    }

    private static MetadataRequestData request(String topic, boolean allowAutoCreation) {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(allowAutoCreation);
        request.topics().add(new MetadataRequestTopic().setName(topic));
        return request;
    }
}
