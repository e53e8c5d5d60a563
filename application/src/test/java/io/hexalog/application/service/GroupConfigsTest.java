package io.hexalog.application.service;

import io.hexalog.application.port.in.AlterGroupConfigsCommand;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A group's own configs (config resource type GROUP): altered, described, and obeyed by its coordinator. */
class GroupConfigsTest {

    private static final GroupId GROUP = GroupId.of("billing");

    private final CoreOnFakes broker = new CoreOnFakes();

    {
        broker.createTopic("orders", 2);
    }

    @Test
    void shouldListTheBrokersValuesForAGroupWithoutConfigs() {
        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .extracting(ConfigEntry::name, ConfigEntry::value, ConfigEntry::source, ConfigEntry::readOnly)
                .containsExactly(
                        tuple("consumer.heartbeat.interval.ms", "5000",
                                ConfigSource.DEFAULT_CONFIG, false),
                        tuple("consumer.session.timeout.ms", "45000",
                                ConfigSource.DEFAULT_CONFIG, false));
    }

    @Test
    void shouldListTheGroupsOwnValueOnceSet() {
        set("consumer.session.timeout.ms", "50000");

        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .filteredOn(entry -> entry.name().equals("consumer.session.timeout.ms"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.value()).isEqualTo("50000");
                    assertThat(entry.source()).isEqualTo(ConfigSource.GROUP_CONFIG);
                });
        assertThat(broker.core.describeConfigs().describeGroupConfigs(GroupId.of("audit")))
                .allSatisfy(entry -> assertThat(entry.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void shouldReturnToTheBrokersValueWhenTheGroupsOwnIsDeleted() {
        set("consumer.session.timeout.ms", "50000");

        broker.core.alterGroupConfigs().alterGroupConfigs(AlterGroupConfigsCommand.incremental(GROUP,
                List.of(new AlterConfigOp(AlterConfigOp.OpType.DELETE, "consumer.session.timeout.ms", null)), false)).join();

        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .allSatisfy(entry -> assertThat(entry.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void shouldRefuseAValueOutsideTheBrokersBoundsAndChangeNothing() {
        assertThat(failure(() -> set("consumer.session.timeout.ms", "1000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms");
        assertThat(failure(() -> set("consumer.heartbeat.interval.ms", "20000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms");
        assertThat(failure(() -> set("share.session.timeout.ms", "50000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown group config name: share.session.timeout.ms");

        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .allSatisfy(entry -> assertThat(entry.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void shouldChangeNothingForAValidateOnlyChange() {
        Map<String, String> wouldBe = broker.core.alterGroupConfigs().alterGroupConfigs(AlterGroupConfigsCommand
                .replacing(GROUP, Map.of("consumer.session.timeout.ms", "50000"), true)).join();

        assertThat(wouldBe).containsExactlyEntriesOf(Map.of("consumer.session.timeout.ms", "50000"));
        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .allSatisfy(entry -> assertThat(entry.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void shouldHandMembersTheGroupsHeartbeatIntervalFromTheirNextHeartbeat() {
        HeartbeatResult joined = join("a");
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(5000);

        set("consumer.heartbeat.interval.ms", "7000");

        assertThat(heartbeat("a", joined.memberEpoch()).heartbeatIntervalMs()).isEqualTo(7000);
    }

    @Test
    void shouldRemoveASilentMemberAfterTheGroupsSessionTimeout() {
        set("consumer.session.timeout.ms", "60000");
        join("a");

        elapse(50_000);
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members())
                .as("still there after the broker's 45 s").hasSize(1);

        elapse(10_001);
        assertThat(broker.core.consumerGroups().describeConsumerGroup(GROUP).orElseThrow().members())
                .as("gone after the group's 60 s").isEmpty();
    }

    @Test
    void shouldKeepTheConfigsOfADeletedGroupAsKafkaDoes() {
        HeartbeatResult joined = join("a");
        set("consumer.session.timeout.ms", "50000");
        heartbeat("a", ConsumerGroupHeartbeat.LEAVE_EPOCH);
        assertThat(joined.memberEpoch()).isPositive();

        broker.core.deleteGroups().deleteGroup(GROUP).join();

        assertThat(broker.core.describeConfigs().describeGroupConfigs(GROUP))
                .filteredOn(entry -> entry.source() == ConfigSource.GROUP_CONFIG)
                .extracting(ConfigEntry::value).containsExactly("50000");
    }

    private void set(String name, String value) {
        try {
            broker.core.alterGroupConfigs().alterGroupConfigs(AlterGroupConfigsCommand.incremental(GROUP,
                    List.of(new AlterConfigOp(AlterConfigOp.OpType.SET, name, value)), false)).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static Throwable failure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    private HeartbeatResult join(String memberId) {
        return FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat(memberId, 0,
                Optional.empty(), Optional.empty(), 30_000, Optional.of(List.of("orders")), Optional.empty(),
                Optional.empty(), Optional.of(PartitionAssignment.EMPTY), "app", "/127.0.0.1")));
    }

    private HeartbeatResult heartbeat(String memberId, int epoch) {
        return FutureFailures.await(broker.core.consumerGroupHeartbeat().heartbeat(GROUP, new ConsumerGroupHeartbeat(memberId, epoch,
                Optional.empty(), Optional.empty(), -1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "app", "/127.0.0.1")));
    }

    private void elapse(long millis) {
        broker.clock.advance(Duration.ofMillis(millis));
        broker.scheduler.advance(Duration.ofMillis(millis));
    }
}
