package io.hexalog.bootstrap;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupMigrationPolicy;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeoutBounds;
import io.hexalog.domain.group.consumer.RangeAssignor;
import io.hexalog.domain.group.consumer.UniformAssignor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A group's own configs (config resource type GROUP, KIP-848) through the real admin client, and a consumer-protocol
 * member (ConsumerGroupHeartbeat on a raw connection, so that it can fall silent without leaving) that obeys them. The broker gives groups 45 s sessions and 300 ms heartbeats, and lets a group choose
 * sessions of 2 to 60 s and heartbeats of 100 ms to 15 s.
 */
@Timeout(120)
@OnEveryStorage
class GroupConfigEndToEndTest {

    static final int BROKER_SESSION_TIMEOUT_MS = 45_000;
    static final int BROKER_HEARTBEAT_INTERVAL_MS = 300;

    static RunningBroker broker;

    @Parameter
    StorageKind storage;

    /** The broker's consumer group settings of these tests: long sessions, and bounds that admit short ones. */
    static ServerConfig withGroupBounds(ServerConfig config) {
        return config.withGroups(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(100)
                .withConsumerGroups(new ConsumerGroupConfig(BROKER_SESSION_TIMEOUT_MS, BROKER_HEARTBEAT_INTERVAL_MS,
                        ConsumerGroupConfig.KAFKA_MAX_SIZE, List.of(new UniformAssignor(), new RangeAssignor()),
                        ConsumerGroupMigrationPolicy.BIDIRECTIONAL,
                        new ConsumerGroupTimeoutBounds(2_000, 60_000, 100, 15_000))));
    }

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        broker = RunningBroker.start(storage, GroupConfigEndToEndTest::withGroupBounds);
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldListTheBrokersValuesForAGroupWithoutConfigs() throws Exception {
        try (Admin admin = broker.admin()) {
            Config config = describe(admin, "no-overrides");

            assertThat(config.entries()).extracting(ConfigEntry::name)
                    .containsExactlyInAnyOrder("consumer.heartbeat.interval.ms", "consumer.session.timeout.ms");
            assertThat(config.get("consumer.session.timeout.ms").value()).isEqualTo("45000");
            assertThat(config.get("consumer.heartbeat.interval.ms").value()).isEqualTo("300");
            assertThat(config.entries()).allSatisfy(entry -> {
                assertThat(entry.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
                assertThat(entry.isReadOnly()).isFalse();
                assertThat(entry.type()).isEqualTo(ConfigEntry.ConfigType.INT);
            });
        }
    }

    @Test
    void shouldSetDescribeAndDeleteAGroupsOwnConfigs() throws Exception {
        try (Admin admin = broker.admin()) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "overridden");

            alter(admin, group, new AlterConfigOp(new ConfigEntry("consumer.session.timeout.ms", "20000"),
                    AlterConfigOp.OpType.SET), new AlterConfigOp(new ConfigEntry("consumer.heartbeat.interval.ms",
                    "1000"), AlterConfigOp.OpType.SET));

            Config config = describe(admin, "overridden");
            assertThat(config.get("consumer.session.timeout.ms").value()).isEqualTo("20000");
            assertThat(config.get("consumer.session.timeout.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
            assertThat(config.get("consumer.heartbeat.interval.ms").value()).isEqualTo("1000");

            // when one is deleted, it is the broker's again
            alter(admin, group, new AlterConfigOp(new ConfigEntry("consumer.heartbeat.interval.ms", ""),
                    AlterConfigOp.OpType.DELETE));
            Config after = describe(admin, "overridden");
            assertThat(after.get("consumer.heartbeat.interval.ms").value()).isEqualTo("300");
            assertThat(after.get("consumer.heartbeat.interval.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(after.get("consumer.session.timeout.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
        }
    }

    @Test
    void shouldRefuseInvalidGroupConfigsWithKafkasErrors() throws Exception {
        try (Admin admin = broker.admin()) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "refused");

            assertThatThrownBy(() -> alter(admin, group, set("consumer.session.timeout.ms", "1000")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("consumer.session.timeout.ms must be greater than or equal to "
                            + "group.consumer.min.session.timeout.ms");
            assertThatThrownBy(() -> alter(admin, group, set("consumer.heartbeat.interval.ms", "50000")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, group, set("consumer.session.timeout.ms", "3000"),
                    set("consumer.heartbeat.interval.ms", "3000")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("consumer.session.timeout.ms must be greater than consumer.heartbeat.interval.ms");
            assertThatThrownBy(() -> alter(admin, group, set("consumer.session.timeout.ms", "soon")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> alter(admin, group, set("share.session.timeout.ms", "30000")))
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("Unknown group config name: share.session.timeout.ms");
            assertThatThrownBy(() -> alter(admin, new ConfigResource(ConfigResource.Type.GROUP, ""),
                    set("consumer.session.timeout.ms", "20000")))
                    .hasCauseInstanceOf(InvalidRequestException.class);

            // and nothing was stored
            assertThat(describe(admin, "refused").entries())
                    .allSatisfy(entry -> assertThat(entry.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG));
        }
    }

    @Test
    void shouldHandOutTheGroupsIntervalAndRemoveASilentMemberAfterItsShorterSessionTimeout() throws Exception {
        // given a group whose own session timeout is 3 s, far below the broker's 45 s, and heartbeats every second
        String topic = "short-sessions";
        String group = "short-sessions-readers";
        broker.createTopic(topic, 2);
        try (Admin admin = broker.admin()) {
            alter(admin, new ConfigResource(ConfigResource.Type.GROUP, group), set("consumer.session.timeout.ms", "3000"),
                    set("consumer.heartbeat.interval.ms", "1000"));
        }

        // when a consumer-protocol member joins, then it is told the group's heartbeat interval
        try (RawProducer client = new RawProducer(port()); Admin admin = broker.admin()) {
            ConsumerGroupHeartbeatResponseData joined = ((ConsumerGroupHeartbeatResponse) client.call(
                    new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                            .setGroupId(group).setMemberId(Uuid.randomUuid().toString()).setMemberEpoch(0)
                            .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(topic))
                            .setTopicPartitions(List.of())).build((short) 1))).data();
            assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(joined.heartbeatIntervalMs()).isEqualTo(1000);
            long silentSince = System.nanoTime();
            assertThat(members(admin, group)).hasSize(1);

            // and when it falls silent, without leaving, then the broker removes it after the group's 3 s, long
            // before the broker's 45 s
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(members(admin, group)).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - silentSince))
                    .isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(20));
        }
    }

    private static int port() {
        String servers = broker.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    static void alter(Admin admin, ConfigResource group, AlterConfigOp... ops)
            throws ExecutionException, InterruptedException {
        admin.incrementalAlterConfigs(Map.of(group, List.of(ops))).all().get();
    }

    static Config describe(Admin admin, String group) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                .all().get().get(resource);
    }

    private static Collection<MemberDescription> members(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members();
    }
}
