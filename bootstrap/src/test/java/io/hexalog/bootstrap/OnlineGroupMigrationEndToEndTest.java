package io.hexalog.bootstrap;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.RangeAssignor;
import io.hexalog.domain.group.consumer.UniformAssignor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A classic group with members migrates online, with the real Java consumer: a member of the consumer protocol
 * ({@code group.protocol=consumer}) joins two classic consumers, the group becomes a consumer group that splits
 * the partitions over all three, and when that member leaves the group is classic again, its two members still
 * consuming; records keep being produced all along, and none is lost or processed twice. A consumer-protocol
 * member that stops heartbeating without leaving turns the group classic again once its session times out, and a
 * static classic member restarted with its instance ID takes its place back without moving the group epoch.
 */
@Timeout(150)
@OnEveryStorage
class OnlineGroupMigrationEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static RunningBroker broker;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        broker = RunningBroker.start(storage, config -> config.withGroups(GroupCoordinatorConfig.kafkaDefaults()
                .withInitialRebalanceDelayMs(100)
                .withConsumerGroups(new ConsumerGroupConfig(4_000, 300, ConsumerGroupConfig.KAFKA_MAX_SIZE,
                        List.of(new UniformAssignor(), new RangeAssignor())))));
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldUpgradeAClassicGroupWithMembersAndDowngradeItBackWhileRecordsFlow() throws Exception {
        // given two classic consumers sharing a 6-partition topic, and records produced all along
        String topic = "migrating";
        String group = "migrating-readers";
        broker.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        GroupConsumer first = GroupConsumer.start(broker, "first", group, topic, received, Map.of());
        GroupConsumer second = GroupConsumer.start(broker, "second", group, topic, received, Map.of());
        GroupConsumer third = null;
        try (SteadyProducer producer = new SteadyProducer(topic, 6)) {
            awaitAssignment(List.of(first, second), 3);

            // when a member of the consumer protocol joins
            third = GroupConsumer.startWithConsumerProtocol(broker, "third", group, topic, received, Map.of());

            // then the group is a consumer group of three members with two partitions each
            awaitAssignment(List.of(first, second, third), 2);
            try (Admin admin = broker.admin()) {
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(described.members()).extracting(MemberDescription::clientId)
                        .containsExactlyInAnyOrder("first", "second", "third");
            }
            int sentWhileMixed = producer.sent().size();
            await().atMost(PATIENCE).until(() -> producer.sent().size() > sentWhileMixed + 100);

            // when it leaves, then the group is classic again and its two members share the six partitions
            third.close();
            awaitAssignment(List.of(first, second), 3);
            try (Admin admin = broker.admin()) {
                assertThat(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().type())
                        .isEqualTo(GroupType.CLASSIC);
            }
            int sentWhenClassic = producer.sent().size();
            await().atMost(PATIENCE).until(() -> producer.sent().size() > sentWhenClassic + 100);
            producer.close();

            // and every record produced was processed exactly once
            List<String> sent = producer.sent();
            await().atMost(PATIENCE).until(() -> received.size() >= sent.size());
            Thread.sleep(300);
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(List.of(first, second, third)).allSatisfy(member -> assertThat(member.failure()).isNull());
        } finally {
            first.close();
            second.close();
            if (third != null) {
                third.close();
            }
        }
    }

    @Test
    void shouldDowngradeWhenItsLastConsumerProtocolMemberStopsHeartbeatingAndIsFenced() throws Exception {
        // given two classic consumers, joined by a consumer-protocol member that will never heartbeat again
        String topic = "fenced-migrating";
        String group = "fenced-readers";
        broker.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        GroupConsumer first = GroupConsumer.start(broker, "first", group, topic, received, Map.of());
        GroupConsumer second = GroupConsumer.start(broker, "second", group, topic, received, Map.of());
        try (RawProducer silent = new RawProducer(port())) {
            awaitAssignment(List.of(first, second), 3);
            ConsumerGroupHeartbeatResponseData joined = ((ConsumerGroupHeartbeatResponse) silent.call(
                    new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                            .setGroupId(group).setMemberId(Uuid.randomUuid().toString()).setMemberEpoch(0)
                            .setRebalanceTimeoutMs(4_000).setSubscribedTopicNames(List.of(topic))
                            .setTopicPartitions(List.of())).build((short) 1))).data();
            assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
            try (Admin admin = broker.admin()) {
                assertThat(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().type())
                        .isEqualTo(GroupType.CONSUMER);
            }

            // when its session timeout (4 s) runs out, then the group is classic again, and its two members share
            // the six partitions
            try (Admin admin = broker.admin()) {
                await().atMost(PATIENCE).untilAsserted(() -> {
                    ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get();
                    assertThat(described.type()).isEqualTo(GroupType.CLASSIC);
                    assertThat(described.members()).extracting(MemberDescription::clientId)
                            .containsExactlyInAnyOrder("first", "second");
                });
            }
            awaitAssignment(List.of(first, second), 3);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void shouldLetARestartedStaticClassicMemberTakeItsPlaceBackWithoutARebalance() throws Exception {
        // given a consumer group of a static classic member and a consumer-protocol member, three partitions each
        String topic = "static-migrating";
        String group = "static-readers";
        broker.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        Map<String, Object> staticMember = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-1");
        GroupConsumer classic = GroupConsumer.start(broker, "classic", group, topic, received, staticMember);
        GroupConsumer modern = GroupConsumer.startWithConsumerProtocol(broker, "modern", group, topic, received,
                Map.of());
        GroupConsumer restarted = null;
        try (Admin admin = broker.admin()) {
            awaitAssignment(List.of(classic, modern), 3);
            ConsumerGroupDescription before = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            assertThat(before.type()).isEqualTo(GroupType.CONSUMER);
            Set<TopicPartition> classicPartitions = classic.assignment();
            int modernRebalances = modern.rebalances();

            // when the static member stops without leaving and starts again with the same instance ID
            classic.closeRemainingInGroup();
            restarted = GroupConsumer.start(broker, "classic-again", group, topic, received, staticMember);

            // then it has its partitions back, and neither the group epoch nor the other member's partitions moved
            GroupConsumer again = restarted;
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(again.assignment()).isEqualTo(classicPartitions));
            ConsumerGroupDescription after = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            assertThat(after.groupEpoch()).isEqualTo(before.groupEpoch());
            assertThat(after.members()).extracting(MemberDescription::clientId)
                    .containsExactlyInAnyOrder("classic-again", "modern");
            assertThat(modern.rebalances()).isEqualTo(modernRebalances);
            assertThat(modern.assignment()).hasSize(3).doesNotContainAnyElementsOf(classicPartitions);
        } finally {
            modern.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static int port() {
        String servers = broker.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    private static void awaitAssignment(List<GroupConsumer> members, int partitionsEach) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<TopicPartition> all = new HashSet<>();
            for (GroupConsumer member : members) {
                assertThat(member.failure()).as(member.toString()).isNull();
                assertThat(member.assignment()).as(member.toString()).hasSize(partitionsEach);
                all.addAll(member.assignment());
            }
            assertThat(all).hasSize(partitionsEach * members.size());
        });
    }

    /** Produces a record every few milliseconds, round the partitions, until closed; knows what was acknowledged. */
    private static final class SteadyProducer implements AutoCloseable {

        private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;

        SteadyProducer(String topic, int partitions) {
            thread = new Thread(() -> {
                try (KafkaProducer<String, String> producer = broker.producer()) {
                    for (int i = 0; running; i++) {
                        String value = "record-" + i;
                        producer.send(new ProducerRecord<>(topic, i % partitions, null, value)).get();
                        acknowledged.add(value);
                        Thread.sleep(2);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "steady-producer");
            thread.setDaemon(true);
            thread.start();
        }

        List<String> sent() {
            synchronized (acknowledged) {
                return List.copyOf(acknowledged);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
