package io.hexalog.application.service;

import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.application.port.in.ElectLeadersCommand;
import io.hexalog.application.port.in.ElectLeadersCommand.TopicPartitions;
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.ElectLeadersUseCase.PartitionResult;
import io.hexalog.application.port.in.ElectLeadersUseCase.TopicResult;
import io.hexalog.application.port.in.ElectionType;
import io.hexalog.domain.error.ElectionNotNeededException;
import io.hexalog.domain.error.EligibleLeadersNotAvailableException;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ElectLeaders decides from who leads each partition, and moves only the leaderships that need and can move. */
class LeaderElectionServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ElectableClusterFake cluster = new ElectableClusterFake(3);
    private final CoreOnFakes broker = new CoreOnFakes(cluster);
    private final ElectLeadersUseCase elections = broker.core.electLeaders();
    private Topic orders;

    @BeforeEach
    void createTopic() {
        orders = broker.createTopic("orders", 3);
    }

    @Test
    void shouldMoveALeadershipBackToThePreferredReplica() {
        // given
        cluster.lead(orders.partition(1), 2);

        // when
        List<TopicResult> results = elect(ElectionType.PREFERRED, "orders", 1);

        // then
        assertThat(outcomes(results)).containsExactly(Map.entry(1, "elected"));
        assertThat(cluster.leadership(orders.partition(1)).leaderId()).isZero();
        assertThat(cluster.elected()).containsExactly(orders.partition(1));
    }

    @Test
    void shouldAnswerElectionNotNeededWhenThePreferredReplicaLeadsAlready() {
        // when
        List<TopicResult> results = elect(ElectionType.PREFERRED, "orders", 0);

        // then
        assertThat(outcomes(results)).containsExactly(Map.entry(0, ElectionNotNeededException.class.getSimpleName()));
        assertThat(cluster.elected()).isEmpty();
    }

    @Test
    void shouldAnswerPreferredLeaderNotAvailableWhenTheClusterNoLongerListsThePreferredReplica() {
        // given: broker 1 answers; broker 0, the preferred replica, went silent: in sync still, no longer listed
        ElectableClusterFake seenFromBroker1 = new ElectableClusterFake(3, 1);
        CoreOnFakes broker1 = new CoreOnFakes(seenFromBroker1);
        Topic payments = broker1.createTopic("payments", 1);
        seenFromBroker1.lead(payments.partition(0), 1);
        seenFromBroker1.silence(0);

        // when
        List<TopicResult> results = broker1.core.electLeaders().electLeaders(new ElectLeadersCommand(
                ElectionType.PREFERRED, Optional.of(List.of(new TopicPartitions("payments", List.of(0)))), TIMEOUT))
                .join();

        // then
        assertThat(outcomes(results))
                .containsExactly(Map.entry(0, PreferredLeaderNotAvailableException.class.getSimpleName()));
        assertThat(seenFromBroker1.elected()).isEmpty();
        assertThat(seenFromBroker1.leadership(payments.partition(0)).inSyncReplicas()).contains(0);
    }

    @Test
    void shouldAnswerPreferredLeaderNotAvailableWhenThePreferredReplicaIsStopped() {
        // given
        cluster.lead(orders.partition(2), 1);
        cluster.stop(0);

        // when
        List<TopicResult> results = elect(ElectionType.PREFERRED, "orders", 2);

        // then
        assertThat(outcomes(results))
                .containsExactly(Map.entry(2, PreferredLeaderNotAvailableException.class.getSimpleName()));
        assertThat(cluster.elected()).isEmpty();
        assertThat(cluster.leadership(orders.partition(2)).leaderId()).isEqualTo(1);
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionForWhatDoesNotExist() {
        // when
        List<TopicResult> results = elections.electLeaders(new ElectLeadersCommand(ElectionType.PREFERRED,
                Optional.of(List.of(new TopicPartitions("orders", List.of(3)), new TopicPartitions("nowhere", List.of(0)),
                        new TopicPartitions("not a name", List.of(0)))), TIMEOUT)).join();

        // then
        assertThat(results).extracting(TopicResult::topic).containsExactly("orders", "nowhere", "not a name");
        assertThat(results).flatExtracting(TopicResult::partitions)
                .allSatisfy(partition -> assertThat(partition.failure())
                        .containsInstanceOf(UnknownTopicOrPartitionException.class));
    }

    @Test
    void shouldAnswerOnlyThePartitionsItActedOnWhenAskedForEveryPartition() {
        // given
        cluster.lead(orders.partition(1), 2);

        // when
        List<TopicResult> results = elections.electLeaders(
                ElectLeadersCommand.everyPartition(ElectionType.PREFERRED, TIMEOUT)).join();

        // then
        assertThat(results).extracting(TopicResult::topic).containsExactly("orders");
        assertThat(outcomes(results)).containsExactly(Map.entry(1, "elected"));
        assertThat(cluster.leadership(orders.partition(1)).leaderId()).isZero();
    }

    @Test
    void shouldNeverHoldAnUncleanElection() {
        // given
        cluster.lead(orders.partition(1), 2);
        cluster.stop(2);

        // when
        List<TopicResult> results = elect(ElectionType.UNCLEAN, "orders", 0, 1);

        // then
        assertThat(outcomes(results)).containsExactly(
                Map.entry(0, ElectionNotNeededException.class.getSimpleName()),
                Map.entry(1, EligibleLeadersNotAvailableException.class.getSimpleName()));
        assertThat(cluster.elected()).isEmpty();
    }

    private List<TopicResult> elect(ElectionType type, String topic, Integer... partitions) {
        return elections.electLeaders(new ElectLeadersCommand(type,
                Optional.of(List.of(new TopicPartitions(topic, List.of(partitions)))), TIMEOUT)).join();
    }

    /** Each partition's outcome: "elected", or the simple name of the failure. */
    private static Map<Integer, String> outcomes(List<TopicResult> results) {
        return results.stream().flatMap(topic -> topic.partitions().stream())
                .collect(Collectors.toMap(PartitionResult::partition,
                        partition -> partition.failure().map(failure -> failure.getClass().getSimpleName())
                                .orElse("elected"),
                        (first, second) -> first, java.util.LinkedHashMap::new));
    }
}
