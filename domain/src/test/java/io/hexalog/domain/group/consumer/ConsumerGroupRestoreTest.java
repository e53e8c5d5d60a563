package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.heartbeat;
import static io.hexalog.domain.group.consumer.ConsumerGroupFixture.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A consumer group rebuilt from its image by a coordinator that takes it over, as if it had never left. */
class ConsumerGroupRestoreTest {

    private final ConsumerGroupFixture fixture = new ConsumerGroupFixture();
    private TopicId orders;

    @BeforeEach
    void givenAGroupMidwayThroughARebalance() {
        orders = fixture.createTopic("orders", 4);
        fixture.accepted(joining("a", "orders"));
        fixture.accepted(joining("b", "orders").instance("b-host"));
        fixture.accepted(heartbeat("a", 1));
        fixture.accepted(joining("c").regex("audit-.*"));
    }

    /** Compiles a member's pattern again, as the coordinator's engine does. */
    private static TopicPattern compiled(String source) {
        return new TopicPattern(source, name -> name.matches(source));
    }

    private ConsumerGroupFixture restored(ConsumerGroupImage image) {
        ConsumerGroupOutcome<ConsumerGroup> outcome = ConsumerGroup.restore(image, ConsumerGroupRestoreTest::compiled,
                ConsumerGroupConfig.kafkaDefaults(), fixture.now, ConsumerGroupFixture.SESSION_TIMEOUT_MS);
        return new ConsumerGroupFixture(outcome.result().orElseThrow(), fixture);
    }

    @Test
    void shouldCountNoChangeForTheHeartbeatOfAMemberThatHasNothingNewToSay() {
        ConsumerGroupFixture alone = new ConsumerGroupFixture();
        alone.createTopic("payments", 2);
        HeartbeatResult joined = alone.accepted(joining("p", "payments"));
        alone.accepted(heartbeat("p", joined.memberEpoch()).owning(joined.assignment().orElseThrow()));
        long counted = alone.group.changes();
        ConsumerGroupImage image = alone.group.image();

        alone.accepted(heartbeat("p", joined.memberEpoch()));

        assertThat(alone.group.image()).isEqualTo(image);
        assertThat(alone.group.changes()).as("the coordinator builds no image for it").isEqualTo(counted);
    }

    @Test
    void shouldGiveBackTheImageItWasRestoredFrom() {
        ConsumerGroupImage image = fixture.group.image();

        assertThat(restored(image).group.image()).isEqualTo(image);
    }

    @Test
    void shouldReadBackTheImageItsFormatWrote() {
        ConsumerGroupImage image = fixture.group.image();

        ConsumerGroupImage read = ConsumerGroupImageFormat.read(ConsumerGroupImageFormat.write(image));

        assertThat(read).isEqualTo(image);
        assertThat(read.members().get(2).subscribedTopicRegex()).map(TopicPattern::source).hasValue("audit-.*");
    }

    @Test
    void shouldReadBackAPatternInAnySyntaxAsItsSourceForTheRestoringCoordinatorToCompile() {
        // RE2's named group, which java.util.regex does not know
        ConsumerGroupImage image = fixture.group.image();
        ConsumerGroupMember re2 = image.members().get(2)
                .withSubscribedTopicRegex(new TopicPattern("(?P<region>eu|us)-audit", name -> false));
        ConsumerGroupImage withRe2 = new ConsumerGroupImage(image.groupId(), image.groupEpoch(), image.assignmentEpoch(),
                image.assignorName(), image.subscribedTopics(), List.of(image.members().get(0), image.members().get(1), re2),
                image.targetAssignment(), image.assignmentEpochs());

        ConsumerGroupImage read = ConsumerGroupImageFormat.read(ConsumerGroupImageFormat.write(withRe2));
        TopicPattern stored = read.members().get(2).subscribedTopicRegex().orElseThrow();

        assertThat(stored.source()).isEqualTo("(?P<region>eu|us)-audit");
        assertThatThrownBy(() -> stored.matches("eu-audit")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldCompileTheStoredPatternsAgainWithTheCoordinatorsEngine() {
        ConsumerGroupImage read = ConsumerGroupImageFormat.read(ConsumerGroupImageFormat.write(fixture.group.image()));
        List<String> compiledSources = new ArrayList<>();

        ConsumerGroup group = ConsumerGroup.restore(read, source -> {
            compiledSources.add(source);
            return compiled(source);
        }, ConsumerGroupConfig.kafkaDefaults(), fixture.now, ConsumerGroupFixture.SESSION_TIMEOUT_MS)
                .result().orElseThrow();

        assertThat(compiledSources).containsExactly("audit-.*");
        ConsumerGroupMember c = group.image().members().get(2);
        assertThat(c.subscribedTopicRegex().orElseThrow().matches("audit-eu")).isTrue();
        assertThat(c.subscribesTo("audit-eu")).as("the restored member consumes the topics it matched").isTrue();
        assertThat(c.subscribesTo("orders")).isFalse();
    }

    @Test
    void shouldKeepAClassicMembersProtocolsInTheFormat() {
        ConsumerGroupMember classic = fixture.member("a").withClassicMetadata(new ClassicMemberMetadata(10_000,
                List.of(new MemberProtocol("range", new byte[] {0, 3, 1, 2}))));
        ConsumerGroupImage image = fixture.group.image();
        ConsumerGroupImage withClassic = new ConsumerGroupImage(image.groupId(), image.groupEpoch(),
                image.assignmentEpoch(), image.assignorName(), image.subscribedTopics(),
                List.of(classic, image.members().get(1), image.members().get(2)), image.targetAssignment(),
                image.assignmentEpochs());

        assertThat(ConsumerGroupImageFormat.read(ConsumerGroupImageFormat.write(withClassic))).isEqualTo(withClassic);
    }

    @Test
    void shouldAnswerItsMembersNextHeartbeatsWithTheirSameEpochsAndAssignments() {
        ConsumerGroupMember aBefore = fixture.member("a");
        ConsumerGroupMember bBefore = fixture.member("b");
        ConsumerGroupFixture takenOver = restored(fixture.group.image());

        HeartbeatResult a = takenOver.accepted(heartbeat("a", aBefore.memberEpoch()).owning(aBefore.assigned()));
        HeartbeatResult b = takenOver.accepted(heartbeat("b", bBefore.memberEpoch()).instance("b-host"));
        HeartbeatResult aOnOriginal = fixture.accepted(heartbeat("a", aBefore.memberEpoch()).owning(aBefore.assigned()));
        HeartbeatResult bOnOriginal = fixture.accepted(heartbeat("b", bBefore.memberEpoch()).instance("b-host"));

        assertThat(a).isEqualTo(aOnOriginal);
        assertThat(b).isEqualTo(bOnOriginal);
        assertThat(takenOver.group.groupEpoch()).isEqualTo(fixture.group.groupEpoch());
        assertThat(takenOver.group.image()).isEqualTo(fixture.group.image());
    }

    @Test
    void shouldGiveEveryMemberAFreshSessionAndARevokingMemberAFreshRebalanceTimeout() {
        assertThat(fixture.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        fixture.now += 40_000;

        ConsumerGroupOutcome<ConsumerGroup> outcome = ConsumerGroup.restore(fixture.group.image(),
                ConsumerGroupRestoreTest::compiled, ConsumerGroupConfig.kafkaDefaults(), fixture.now,
                ConsumerGroupFixture.SESSION_TIMEOUT_MS);

        long sessionEnds = fixture.now + ConsumerGroupFixture.SESSION_TIMEOUT_MS;
        assertThat(outcome.timers()).contains(
                ConsumerTimerChange.arm(ConsumerGroupTimer.session("a"), sessionEnds),
                ConsumerTimerChange.arm(ConsumerGroupTimer.session("b"), sessionEnds),
                ConsumerTimerChange.arm(ConsumerGroupTimer.session("c"), sessionEnds),
                ConsumerTimerChange.arm(ConsumerGroupTimer.revocation("a"),
                        fixture.now + ConsumerGroupFixture.REBALANCE_TIMEOUT_MS));
    }

    @Test
    void shouldKeepWhoIsStillRevokingSoThatNoPartitionGetsTwoOwners() {
        ConsumerGroupFixture takenOver = restored(fixture.group.image());

        HeartbeatResult b = takenOver.accepted(heartbeat("b", fixture.member("b").memberEpoch()).instance("b-host"));

        assertThat(b.assignment().orElse(PartitionAssignment.EMPTY).overlaps(fixture.member("a").assigned()))
                .as("b is not given what a has not revoked yet").isFalse();
        assertThat(takenOver.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        assertThat(takenOver.group.checkPartitionCommit("a", fixture.member("a").memberEpoch(), orders, 0).isAccepted())
                .isTrue();
        assertThat(Optional.of(takenOver.group.describe().assignorName())).contains(fixture.group.describe().assignorName());
    }
}
