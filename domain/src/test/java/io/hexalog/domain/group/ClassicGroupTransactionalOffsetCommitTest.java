package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.hexalog.domain.group.GroupFixture.join;
import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;

/** TxnOffsetCommit's check of the consumer behind a transactional producer (KIP-447), as Kafka's classic groups make it. */
class ClassicGroupTransactionalOffsetCommitTest {

    private final GroupFixture fixture = new GroupFixture();

    @Test
    void shouldAcceptTheCurrentGenerationOfAMemberAndRefuseAZombieOfAnOlderOne() {
        List<String> members = fixture.stableGroupOf("a");

        assertAccepted(fixture.group.checkTransactionalOffsetCommit(members.get(0), Optional.empty(), 1));
        assertRejected(fixture.group.checkTransactionalOffsetCommit(members.get(0), Optional.empty(), 0),
                IllegalGenerationException.class);
        assertRejected(fixture.group.checkTransactionalOffsetCommit(members.get(0), Optional.empty(), -1),
                IllegalGenerationException.class);
    }

    @Test
    void shouldRefuseAConsumerThatIsNoMemberOfTheGroup() {
        fixture.stableGroupOf("a");

        assertRejected(fixture.group.checkTransactionalOffsetCommit("stranger", Optional.empty(), 1),
                UnknownMemberIdException.class);
        assertRejected(fixture.group.checkTransactionalOffsetCommit("", Optional.empty(), 1),
                UnknownMemberIdException.class);
    }

    @Test
    void shouldRefuseAFencedStaticMember() {
        fixture.join(join().instance("s").build());
        String old = fixture.group.members().get(0).memberId();
        fixture.join(join().instance("s").build());

        assertRejected(fixture.group.checkTransactionalOffsetCommit(old, Optional.of("s"), 0),
                FencedInstanceIdException.class);
    }

    @Test
    void shouldSkipTheCheckForACommitNamingNoMemberAndNoGenerationWhateverTheGroupsState() {
        assertAccepted(fixture.group.checkTransactionalOffsetCommit("", Optional.empty(), -1));

        fixture.stableGroupOf("a");

        assertAccepted(fixture.group.checkTransactionalOffsetCommit("", Optional.empty(), -1));
    }

    @Test
    void shouldAcceptTheCurrentGenerationWhileARebalanceCompletes() {
        fixture.joinDynamic("a");
        fixture.finishInitialRebalance();
        String member = fixture.group.members().get(0).memberId();

        assertAccepted(fixture.group.checkTransactionalOffsetCommit(member, Optional.empty(), 1));
    }

    @Test
    void shouldRefuseCommitsForADeletedGroup() {
        fixture.group.delete(0);

        assertRejected(fixture.group.checkTransactionalOffsetCommit("", Optional.empty(), -1),
                CoordinatorNotAvailableException.class);
    }
}
