package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.hexalog.domain.group.GroupFixture.join;
import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupAdministrationTest {

    private final GroupFixture fixture = new GroupFixture();

    @Test
    void shouldAcceptCommitsWithoutGenerationOnlyWhileEmpty() {
        assertAccepted(fixture.group.checkOffsetCommit("", Optional.empty(), -1));

        fixture.stableGroupOf("a");

        assertRejected(fixture.group.checkOffsetCommit("", Optional.empty(), -1), UnknownMemberIdException.class)
                .hasMessage("Group readers has members: commit as one of them");
    }

    @Test
    void shouldAcceptCommitsOfTheCurrentGenerationFromItsMembers() {
        List<String> members = fixture.stableGroupOf("a");

        assertAccepted(fixture.group.checkOffsetCommit(members.get(0), Optional.empty(), 1));
        assertRejected(fixture.group.checkOffsetCommit(members.get(0), Optional.empty(), 0),
                IllegalGenerationException.class);
        assertRejected(fixture.group.checkOffsetCommit("stranger", Optional.empty(), 1), UnknownMemberIdException.class);
        assertRejected(fixture.group.checkOffsetCommit(members.get(0), Optional.of("x"), 1),
                UnknownMemberIdException.class);
    }

    @Test
    void shouldRefuseCommitsFromAFencedStaticMember() {
        fixture.join(join().instance("s").build());
        String old = fixture.group.members().get(0).memberId();
        fixture.join(join().instance("s").build());

        assertRejected(fixture.group.checkOffsetCommit(old, Optional.of("s"), 0), FencedInstanceIdException.class);
    }

    @Test
    void shouldRefuseCommitsWhileCompletingARebalance() {
        fixture.joinDynamic("a");
        fixture.finishInitialRebalance();
        String member = fixture.group.members().get(0).memberId();

        assertRejected(fixture.group.checkOffsetCommit(member, Optional.empty(), 1), RebalanceInProgressException.class);
    }

    @Test
    void shouldDeleteOnlyAnEmptyGroupAndOnlyOnce() {
        fixture.stableGroupOf("a");
        assertRejected(fixture.group.delete(0), NonEmptyGroupException.class);
        assertThat(fixture.group.state()).isEqualTo(GroupState.STABLE);

        GroupFixture empty = new GroupFixture();
        assertAccepted(empty.group.delete(5));

        assertThat(empty.group.state()).isEqualTo(GroupState.DEAD);
        assertThat(empty.group.stateTimestampMs()).isEqualTo(5);
        assertRejected(empty.group.delete(6), GroupIdNotFoundException.class);
        assertThat(empty.group.stateTimestampMs()).isEqualTo(5);
        assertRejected(empty.group.checkOffsetCommit("", Optional.empty(), -1), CoordinatorNotAvailableException.class);
        assertRejected(empty.group.checkOffsetDelete(), GroupIdNotFoundException.class);
    }

    @Test
    void shouldKnowWhichTopicsItsConsumersSubscribeTo() {
        fixture.join(join().oldVersion().metadata(subscription("orders", "payments")).build());
        fixture.finishInitialRebalance();

        assertThat(fixture.group.isSubscribedTo("orders")).isTrue();
        assertThat(fixture.group.isSubscribedTo("payments")).isTrue();
        assertThat(fixture.group.isSubscribedTo("audit")).isFalse();
        assertAccepted(fixture.group.checkOffsetDelete());
    }

    @Test
    void shouldAssumeAConsumerGroupWithUnreadableSubscriptionsSubscribesToEverything() {
        fixture.join(join().oldVersion().metadata((byte) 1).build());
        fixture.finishInitialRebalance();

        assertThat(fixture.group.isSubscribedTo("anything")).isTrue();
    }

    @Test
    void shouldRefuseToDeleteOffsetsOfANonEmptyGroupOfAnotherProtocolType() {
        fixture.join(join().oldVersion().protocolType("connect").build());

        assertRejected(fixture.group.checkOffsetDelete(), NonEmptyGroupException.class);
    }

    @Test
    void shouldShowMetadataAndAssignmentsOnlyWhenStable() {
        fixture.joinDynamic("a");
        fixture.finishInitialRebalance();
        GroupDescription completing = fixture.group.describe();
        assertThat(completing.selectedProtocol()).isEmpty();
        assertThat(completing.members()).singleElement().satisfies(member -> assertThat(member.metadata()).isEmpty());

        String member = fixture.group.members().get(0).memberId();
        fixture.sync(member, 1, java.util.Map.of(member, new byte[] {4}));
        GroupDescription stable = fixture.group.describe();

        assertThat(stable.state()).isEqualTo(GroupState.STABLE);
        assertThat(stable.protocolType()).contains("consumer");
        assertThat(stable.selectedProtocol()).contains("range");
        assertThat(stable.members()).singleElement().satisfies(described -> {
            assertThat(described.clientId()).isEqualTo("a");
            assertThat(described.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(described.assignment()).containsExactly(4);
            assertThat(described.metadata()).containsExactly(1);
        });
    }

    static byte[] subscription(String... topics) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        buffer.putShort((short) 1).putInt(topics.length);
        for (String topic : topics) {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) name.length).put(name);
        }
        buffer.putInt(-1).putInt(0);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }
}
