package io.hexalog.application.service;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.PolicyViolationException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.hexalog.application.service.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** How many partitions one request may create and the broker may host, whichever way they are created. */
class PartitionLimitsTest {

    private static final String OVER_THE_LIMIT_OF_TEN = "above its limit of 10 (max.broker.partitions).";

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(4, true, 1 << 20).withMaxBrokerPartitions(10), 1);
    private final ApplicationCore core = broker.core;

    @Test
    void shouldCreateTopicsUpToTheBrokerLimit() {
        create("orders", 6, false);
        create("payments", 4, false);

        assertThat(core.describeTopics().listTopics()).extracting(Topic::partitionCount).containsExactly(6, 4);
    }

    @Test
    void shouldRefuseATopicThatWouldTakeTheBrokerOverItsLimit() {
        create("orders", 6, false);

        assertThat(failureOf(core.createTopic().createTopic(command("payments", 5, false))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("Creating 5 partition(s) would bring this broker to 11 partitions, " + OVER_THE_LIMIT_OF_TEN);
        assertThat(core.describeTopics().findTopic(TopicName.of("payments"))).isEmpty();
    }

    @Test
    void shouldRefuseAValidateOnlyTopicThatWouldTakeTheBrokerOverItsLimit() {
        create("orders", 6, false);

        assertThat(failureOf(core.createTopic().createTopic(command("payments", 5, true))))
                .isInstanceOf(PolicyViolationException.class);
        assertThat(core.createTopic().createTopic(command("payments", 4, true)).join().partitionCount()).isEqualTo(4);
    }

    @Test
    void shouldCountTheDefaultPartitionCountOfATopicCreatedWithoutOne() {
        create("orders", 7, false);

        assertThat(failureOf(core.createTopic().createTopic(CreateTopicCommand.withDefaults(TopicName.of("payments")))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("Creating 4 partition(s)");
    }

    @Test
    void shouldRefuseGrowingATopicOverTheBrokerLimit() {
        create("orders", 6, false);
        create("payments", 2, false);

        assertThat(failureOf(core.createPartitions().createPartitions(
                new CreatePartitionsCommand(TopicName.of("orders"), 9, false))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessage("Creating 3 partition(s) would bring this broker to 11 partitions, " + OVER_THE_LIMIT_OF_TEN);
        assertThat(core.createPartitions().createPartitions(
                new CreatePartitionsCommand(TopicName.of("orders"), 8, false)).join().partitionCount()).isEqualTo(8);
    }

    @Test
    void shouldStillRefuseACountThatIsNotAnIncreaseAsInvalidPartitionsWhenTheBrokerIsFull() {
        create("orders", 10, false);

        assertThat(failureOf(core.createPartitions().createPartitions(
                new CreatePartitionsCommand(TopicName.of("orders"), 10, false))))
                .isInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void shouldNotAutoCreateATopicTheBrokerHasNoRoomFor() {
        create("orders", 8, false);

        assertThat(failureOf(core.autoCreateTopic().findOrAutoCreate(TopicName.of("clicks"))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining(OVER_THE_LIMIT_OF_TEN);
        assertThat(core.describeTopics().findTopic(TopicName.of("clicks"))).isEmpty();
    }

    @Test
    void shouldCountAutoCreatedTopicsTowardsTheLimit() {
        core.autoCreateTopic().findOrAutoCreate(TopicName.of("clicks")).join();
        core.autoCreateTopic().findOrAutoCreate(TopicName.of("views")).join();

        assertThat(failureOf(core.createTopic().createTopic(command("orders", 3, false))))
                .isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("would bring this broker to 11 partitions");
    }

    @Test
    void shouldFreeRoomWhenATopicIsDeleted() {
        create("orders", 10, false);
        core.deleteTopic().deleteTopic(TopicName.of("orders")).join();

        assertThat(create("payments", 10, false).partitionCount()).isEqualTo(10);
    }

    @Test
    void shouldAcceptACreateTopicsRequestOfTenThousandPartitionsCountingDefaults() {
        assertAccepted(core.createTopic().checkCreateTopicsRequest(
                List.of(OptionalInt.of(9_990), OptionalInt.empty(), OptionalInt.of(6))));
    }

    @Test
    void shouldRefuseACreateTopicsRequestOfMoreThanTenThousandPartitionsInAll() {
        assertRejected(core.createTopic().checkCreateTopicsRequest(
                List.of(OptionalInt.of(5_000), OptionalInt.of(5_000), OptionalInt.empty())), PolicyViolationException.class)
                .hasMessage("Excessively large number of partitions per request.");
    }

    @Test
    void shouldNotCountImpossibleCountsTowardsTheRequestLimit() {
        assertAccepted(core.createTopic().checkCreateTopicsRequest(
                List.of(OptionalInt.of(10_000), OptionalInt.of(-5), OptionalInt.of(0))));
    }

    @Test
    void shouldRefuseACreatePartitionsRequestAddingMoreThanTenThousandPartitionsInAll() {
        create("orders", 2, false);
        create("payments", 2, false);

        assertRejected(core.createPartitions().checkCreatePartitionsRequest(List.of(
                new CreatePartitionsCommand(TopicName.of("orders"), 5_002, false),
                new CreatePartitionsCommand(TopicName.of("payments"), 5_003, false))), PolicyViolationException.class)
                .hasMessage("Excessively large number of partitions per request.");
    }

    @Test
    void shouldCountOnlyTheAddedPartitionsOfKnownTopicsTowardsTheRequestLimit() {
        create("orders", 2, false);

        assertAccepted(core.createPartitions().checkCreatePartitionsRequest(List.of(
                new CreatePartitionsCommand(TopicName.of("orders"), 10_002, false),
                new CreatePartitionsCommand(TopicName.of("unknown"), 50_000, false))));
    }

    private static void assertAccepted(Decision decision) {
        assertThat(decision.isAccepted()).as("accepted, but was %s", decision).isTrue();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Decision decision,
                                                                                  Class<? extends Throwable> error) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return assertThat(((Decision.Rejected) decision).error()).isInstanceOf(error);
    }

    private Topic create(String name, int partitions, boolean validateOnly) {
        return core.createTopic().createTopic(command(name, partitions, validateOnly)).join();
    }

    private static CreateTopicCommand command(String name, int partitions, boolean validateOnly) {
        return new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitions), OptionalInt.empty(), Map.of(),
                validateOnly);
    }
}
