package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ElectLeaders: each partition named gets its election's outcome, or every partition that needed one. */
class ElectLeadersHandlerTest {

    private static final short V2 = 2;
    private static final short V0 = 0;
    private static final byte PREFERRED = 0;
    private static final byte UNCLEAN = 1;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void createTopic() {
        broker.createTopic("orders", 2);
    }

    @Test
    void shouldAnswerElectionNotNeededWhileThisBrokerLeadsItsOwnPartitions() {
        // when
        ElectLeadersResponse response = connection.call(V2, elect(PREFERRED, "orders", 0, 1));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(outcomes(response, "orders")).containsOnly(
                Map.entry(0, Errors.ELECTION_NOT_NEEDED), Map.entry(1, Errors.ELECTION_NOT_NEEDED));
    }

    @Test
    void shouldElectThePreferredLeaderBackWhenAnotherBrokerLeads() {
        // given
        broker.cluster().leadElsewhere();

        // when
        ElectLeadersResponse response = connection.call(V2, elect(PREFERRED, "orders", 1));

        // then
        assertThat(outcomes(response, "orders")).containsOnly(Map.entry(1, Errors.NONE));
        assertThat(response.data().replicaElectionResults().get(0).partitionResult().get(0).errorMessage()).isNull();
        assertThat(broker.cluster().leads(
                broker.core().describeTopics().findTopic(TopicName.of("orders")).orElseThrow().partition(1))).isTrue();
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWithAMessage() {
        // when
        ElectLeadersResponse response = connection.call(V2, elect(PREFERRED, "nowhere", 0));

        // then
        PartitionResult partition = response.data().replicaElectionResults().get(0).partitionResult().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(partition.errorMessage()).contains("nowhere");
    }

    @Test
    void shouldAnswerEveryTopicButNoPartitionLedAsAskedWhenAskedForEveryPartition() {
        // given
        ElectLeadersRequestData everything = new ElectLeadersRequestData().setElectionType(PREFERRED)
                .setTopicPartitions(null).setTimeoutMs(1_000);

        // when
        ElectLeadersResponse response = connection.call(V2, everything);

        // then
        assertThat(response.data().replicaElectionResults()).singleElement().satisfies(topic -> {
            assertThat(topic.topic()).isEqualTo("orders");
            assertThat(topic.partitionResult()).isEmpty();
        });
    }

    @Test
    void shouldAnswerUncleanElectionNotNeededWhileThePartitionHasALeader() {
        // when
        ElectLeadersResponse response = connection.call(V2, elect(UNCLEAN, "orders", 0));

        // then
        assertThat(outcomes(response, "orders")).containsOnly(Map.entry(0, Errors.ELECTION_NOT_NEEDED));
    }

    @Test
    void shouldRefuseAnElectionTypeKafkaDoesNotKnowAsAnInvalidRequest() {
        // when
        ElectLeadersResponse response = connection.call(V2, elect((byte) 7, "orders", 0));

        // then
        assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(response.data().replicaElectionResults()).isEmpty();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldElectThePreferredLeaderInVersionZeroWhichNamesNoType() {
        // given
        broker.cluster().leadElsewhere();

        // when
        ElectLeadersResponse response = connection.call(V0, elect(PREFERRED, "orders", 0));

        // then
        assertThat(outcomes(response, "orders")).containsOnly(Map.entry(0, Errors.NONE));
    }

    private static ElectLeadersRequestData elect(byte type, String topic, Integer... partitions) {
        ElectLeadersRequestData request = new ElectLeadersRequestData().setElectionType(type).setTimeoutMs(1_000);
        request.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions()
                .setTopic(topic).setPartitions(List.of(partitions)));
        return request;
    }

    private static Map<Integer, Errors> outcomes(ElectLeadersResponse response, String topic) {
        ReplicaElectionResult result = response.data().replicaElectionResults().stream()
                .filter(candidate -> candidate.topic().equals(topic)).findFirst().orElseThrow();
        return result.partitionResult().stream()
                .collect(Collectors.toMap(PartitionResult::partitionId, partition -> Errors.forCode(partition.errorCode())));
    }
}
