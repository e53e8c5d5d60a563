package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * DescribeGroups: an unknown group is Dead before version 6 and GROUP_ID_NOT_FOUND from 6 (KIP-1043).
 * ListGroups: filtered by state from version 4 (KIP-518) and by type from version 5 (KIP-848).
 */
class DescribeAndListGroupsHandlerTest {

    private static final String TOPIC = "events";
    private static final short V4 = 4;
    private static final short V5 = 5;
    private static final short V6 = 6;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5})
    void shouldDescribeAnUnknownGroupAsDeadBeforeVersionSix(short version) {
        // when
        DescribedGroup described = describe(version, "nobody");

        // then
        assertThat(described.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(described.groupState()).isEqualTo("Dead");
        assertThat(described.members()).isEmpty();
    }

    @Test
    void shouldAnswerAnUnknownGroupWithGroupIdNotFoundFromVersionSix() {
        // when
        DescribedGroup described = describe(V6, "nobody");

        // then
        assertThat(described.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(described.errorMessage()).contains("nobody");
        assertThat(described.groupState()).isEqualTo("Dead");
    }

    @Test
    void shouldDescribeAStableGroupWithItsMembersMetadataAssignmentsAndOperations() {
        // given
        GroupMemberClient reader = GroupMemberClient.stableAlone(broker, "readers", TOPIC);

        // when
        DescribeGroupsResponse response = connection.call(V6, new DescribeGroupsRequestData()
                .setGroups(List.of("readers")).setIncludeAuthorizedOperations(true));

        // then
        DescribedGroup described = response.data().groups().get(0);
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.protocolType()).isEqualTo(GroupRequests.CONSUMER_PROTOCOL);
        assertThat(described.protocolData()).isEqualTo(GroupRequests.RANGE_ASSIGNOR);
        assertThat(described.authorizedOperations()).isEqualTo(
                bit(AclOperation.READ) | bit(AclOperation.DELETE) | bit(AclOperation.DESCRIBE));
        assertThat(described.members()).singleElement().satisfies(member -> {
            assertThat(member.memberId()).isEqualTo(reader.memberId());
            assertThat(member.clientId()).isEqualTo(KafkaWire.CLIENT_ID);
            assertThat(GroupRequests.subscribedTopics(member.memberMetadata())).containsExactly(TOPIC);
            assertThat(GroupRequests.assignedPartitions(member.memberAssignment()))
                    .containsExactly(new TopicPartition(TOPIC, 0));
        });
    }

    @Test
    void shouldDescribeARebalancingGroupWithoutProtocolMetadataOrAssignments() {
        // given
        GroupMemberClient.stableAlone(broker, "readers", TOPIC);
        new GroupMemberClient(broker, "readers", TOPIC).sendJoin(broker.newestVersion(ApiKeys.JOIN_GROUP));

        // when
        DescribedGroup described = describe(V6, "readers");

        // then
        assertThat(described.groupState()).isEqualTo("PreparingRebalance");
        assertThat(described.protocolData()).isEmpty();
        assertThat(described.members()).hasSize(2).allSatisfy(member -> {
            assertThat(member.memberMetadata()).isEmpty();
            assertThat(member.memberAssignment()).isEmpty();
        });
    }

    @Test
    void shouldListGroupsWithTheStatesAskedForFromVersionFour() {
        // given
        activeAndIdleGroups();

        // when
        List<ListedGroup> all = list(V4, new ListGroupsRequestData());
        List<ListedGroup> empty = list(V4, new ListGroupsRequestData().setStatesFilter(List.of("Empty")));
        List<ListedGroup> stable = list(V4, new ListGroupsRequestData().setStatesFilter(List.of("stable")));

        // then
        assertThat(all).extracting(ListedGroup::groupId, ListedGroup::groupState, ListedGroup::protocolType)
                .containsExactly(tuple("active", "Stable", GroupRequests.CONSUMER_PROTOCOL), tuple("idle", "Empty", ""));
        assertThat(empty).extracting(ListedGroup::groupId).containsExactly("idle");
        assertThat(stable).extracting(ListedGroup::groupId).containsExactly("active");
    }

    @Test
    void shouldListOnlyClassicGroupsFromVersionFive() {
        // given
        activeAndIdleGroups();

        // when
        List<ListedGroup> classic = list(V5, new ListGroupsRequestData().setTypesFilter(List.of("Classic")));
        List<ListedGroup> consumer = list(V5, new ListGroupsRequestData().setTypesFilter(List.of("consumer")));

        // then
        assertThat(classic).extracting(ListedGroup::groupId, ListedGroup::groupType)
                .containsExactly(tuple("active", "classic"), tuple("idle", "classic"));
        assertThat(consumer).isEmpty();
    }

    private void activeAndIdleGroups() {
        broker.createTopic(TOPIC, 1);
        GroupMemberClient.stableAlone(broker, "active", TOPIC);
        broker.commitOffsets("idle", offsets(TOPIC, 1));
    }

    private DescribedGroup describe(short version, String group) {
        DescribeGroupsResponse response = connection.call(version, new DescribeGroupsRequestData().setGroups(List.of(group)));
        return response.data().groups().get(0);
    }

    private List<ListedGroup> list(short version, ListGroupsRequestData request) {
        ListGroupsResponse response = connection.call(version, request);
        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        return response.data().groups();
    }

    private static int bit(AclOperation operation) {
        return 1 << operation.code();
    }
}
