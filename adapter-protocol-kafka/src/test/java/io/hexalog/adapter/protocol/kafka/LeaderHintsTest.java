package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.hexalog.adapter.protocol.kafka.SingleBrokerClusterViewFake.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-951: a Produce or Fetch sent to a broker that does not lead the partition names, with
 * NOT_LEADER_OR_FOLLOWER, the partition's leader and leader epoch, and where that leader listens, in the
 * versions that carry them, so that the client retries on the leader without refreshing its metadata.
 */
class LeaderHintsTest {

    private static final short ACKS_LEADER = 1;
    private static final short PRODUCE_V9 = 9;
    private static final short PRODUCE_V10 = 10;
    private static final short FETCH_V11 = 11;
    private static final short FETCH_V12 = 12;
    private static final short FETCH_V16 = 16;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void topicLedElsewhere() {
        broker.createTopic("orders", 1);
        broker.cluster().leaderEpoch(6);
        broker.cluster().leadElsewhere();
    }

    @Test
    void shouldNameTheLeaderAndItsEndpointInAProduceAnsweredNotLeader() {
        // when
        ProduceResponse response = connection.call(PRODUCE_V10,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records("a")));

        // then
        ProduceResponseData.PartitionProduceResponse partition =
                response.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(OTHER.nodeId());
        assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(7);
        assertThat(response.data().nodeEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.nodeId()).isEqualTo(OTHER.nodeId());
            assertThat(endpoint.host()).isEqualTo(OTHER.host());
            assertThat(endpoint.port()).isEqualTo(OTHER.port());
            assertThat(endpoint.rack()).isNull();
        });
    }

    @Test
    void shouldNameNoLeaderInAProduceAnsweredNotLeaderWhileNoneIsKnown() {
        // given
        broker.cluster().leadNowhere();

        // when
        ProduceResponse response = connection.call(PRODUCE_V10,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records("a")));

        // then
        ProduceResponseData.PartitionProduceResponse partition =
                response.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(-1);
        assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(-1);
        assertThat(response.data().nodeEndpoints()).isEmpty();
    }

    @Test
    void shouldAnswerNotLeaderWithoutHintsInAProduceVersionThatCannotCarryThem() {
        // when
        ProduceResponse response = connection.call(PRODUCE_V9,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records("a")));

        // then
        ProduceResponseData.PartitionProduceResponse partition =
                response.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(-1);
        assertThat(response.data().nodeEndpoints()).isEmpty();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldNameTheLeaderAndItsEndpointInAFetchAnsweredNotLeader() {
        // when
        FetchResponse response = connection.call(FETCH_V16, KafkaWire.fetch(null, broker.topicId("orders"), 0, 0));

        // then
        FetchResponseData.PartitionData partition = response.data().responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(OTHER.nodeId());
        assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(7);
        assertThat(response.data().nodeEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.nodeId()).isEqualTo(OTHER.nodeId());
            assertThat(endpoint.host()).isEqualTo(OTHER.host());
            assertThat(endpoint.port()).isEqualTo(OTHER.port());
        });
    }

    @Test
    void shouldNameTheLeaderOfAFencedFetchToo() {
        // given: the client still thinks the epoch before the move is current
        FetchRequestData request = KafkaWire.fetch(null, broker.topicId("orders"), 0, 0);
        request.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(6);

        // when
        FetchResponse response = connection.call(FETCH_V16, request);

        // then
        FetchResponseData.PartitionData partition = response.data().responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(OTHER.nodeId());
        assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(7);
    }

    @Test
    void shouldNameOnlyTheLeaderInAFetchVersionWithoutEndpoints() {
        // when
        FetchResponse response = connection.call(FETCH_V12, KafkaWire.fetch("orders", 0, 0));

        // then
        FetchResponseData.PartitionData partition = response.data().responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(OTHER.nodeId());
        assertThat(response.data().nodeEndpoints()).isEmpty();
    }

    @Test
    void shouldAnswerNotLeaderWithoutHintsInAFetchVersionThatCannotCarryThem() {
        // when
        FetchResponse response = connection.call(FETCH_V11, KafkaWire.fetch("orders", 0, 0));

        // then
        FetchResponseData.PartitionData partition = response.data().responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.currentLeader().leaderId()).isEqualTo(-1);
        assertThat(connection.isOpen()).isTrue();
    }
}
