package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Both kinds of group as the API shows them. */
class GroupViewTest {

    private static final TopicId ORDERS = TopicId.random();
    private static final TopicId DELETED = TopicId.random();

    @Test
    void shouldShowAConsumerGroupsMembersWithTheirPartitionsByTopicNameAndTellWhenSomeAreClassic() {
        ConsumerGroupDescription group = new ConsumerGroupDescription(GroupId.of("billing"), ConsumerGroupState.STABLE,
                4, 4, "uniform", List.of(
                        member("a", false, new PartitionAssignment(Map.of(ORDERS, Set.of(2, 0), DELETED, Set.of(1)))),
                        member("b", true, PartitionAssignment.of(ORDERS, 1))));

        GroupView view = GroupView.of(group, id -> id.equals(ORDERS) ? Optional.of(TopicName.of("orders"))
                : Optional.empty());

        assertThat(view.type()).isEqualTo(GroupView.CONSUMER);
        assertThat(view.state()).isEqualTo("STABLE");
        assertThat(view.partitionAssignor()).isEqualTo("uniform");
        assertThat(view.mixed()).isTrue();
        assertThat(view.empty()).isFalse();
        assertThat(view.members().get(0).assignment()).containsExactly(
                new TopicPartition(TopicName.of("orders"), 0), new TopicPartition(TopicName.of("orders"), 2));
        assertThat(view.members().get(1).assignment()).containsExactly(new TopicPartition(TopicName.of("orders"), 1));
    }

    @Test
    void shouldShowAConsumerGroupOfConsumerProtocolMembersOnlyAsNotMixed() {
        ConsumerGroupDescription group = new ConsumerGroupDescription(GroupId.of("billing"), ConsumerGroupState.EMPTY,
                2, 2, "range", List.of());

        GroupView view = GroupView.of(group, id -> Optional.empty());

        assertThat(view.mixed()).isFalse();
        assertThat(view.empty()).isTrue();
    }

    @Test
    void shouldShowAClassicGroupWithCommittedOffsetsOnlyAsSimple() {
        GroupView view = GroupView.of(new GroupDescription(GroupId.of("tools"), GroupState.EMPTY, Optional.empty(),
                Optional.empty(), List.of()));

        assertThat(view.type()).isEqualTo(GroupView.CLASSIC);
        assertThat(view.simple()).isTrue();
        assertThat(view.mixed()).isFalse();
        assertThat(view.partitionAssignor()).isEmpty();
    }

    private static ConsumerGroupDescription.Member member(String id, boolean classic, PartitionAssignment assignment) {
        return new ConsumerGroupDescription.Member(id, Optional.empty(), Optional.empty(), 4, "client-" + id,
                "/127.0.0.1", Set.of("orders"), Optional.empty(), assignment, assignment, classic);
    }
}
