package io.hexalog.bootstrap;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.RangeAssignor;
import io.hexalog.domain.group.consumer.UniformAssignor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer groups of the consumer protocol (KIP-848) with the real Java consumer ({@code group.protocol=consumer}):
 * the broker assigns, members join, leave and die, and no record is processed twice. The broker's
 * consumer-group session is 4 s so that a dead member is noticed within seconds; every client reaches the broker
 * through a {@link CuttingProxy}, so that a member can die without a word.
 */
@Timeout(150)
@OnEveryStorage
class ConsumerProtocolGroupEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int SESSION_TIMEOUT_MS = 4_000;
    private static final int HEARTBEAT_INTERVAL_MS = 300;

    static RunningBroker broker;
    static CuttingProxy network;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        network = CuttingProxy.open();
        broker = RunningBroker.start(storage, config -> network.advertising(config.withGroups(
                GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(100)
                        .withConsumerGroups(new ConsumerGroupConfig(SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS,
                                ConsumerGroupConfig.KAFKA_MAX_SIZE,
                                List.of(new UniformAssignor(), new RangeAssignor()))))));
        network.forwardTo(broker.boundPort());
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() throws Exception {
        broker.close();
        network.close();
    }

    @Test
    void shouldSplitPartitionsAmongTwoThenThreeMembersAndTakeOverFromLeavingAndDeadOnesWithoutRedelivery()
            throws Exception {
        // given a 6-partition topic and two members of one consumer-protocol group
        String topic = "payments";
        broker.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        String group = "payments-readers";
        GroupConsumer first = GroupConsumer.startWithConsumerProtocol(broker, "first", group, topic, received, Map.of());
        GroupConsumer second = GroupConsumer.startWithConsumerProtocol(broker, "second", group, topic, received, Map.of());
        GroupConsumer third = null;
        try {
            // then the broker gives each three partitions, and every record is processed once
            awaitAssignment(List.of(first, second), 3);
            List<String> sent = new ArrayList<>(produce(topic, "a", 600));
            awaitReceived(received, sent);

            // when a third member joins, then each holds two and nothing is processed twice
            third = GroupConsumer.startWithConsumerProtocol(broker, "third", group, topic, received, Map.of());
            awaitAssignment(List.of(first, second, third), 2);
            sent.addAll(produce(topic, "b", 600));
            awaitReceived(received, sent);

            // and the admin client sees a consumer group with its members and their assignments
            try (Admin admin = broker.admin()) {
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(described.partitionAssignor()).isEqualTo("uniform");
                assertThat(described.members()).extracting(MemberDescription::clientId)
                        .containsExactlyInAnyOrder("first", "second", "third");
                Set<TopicPartition> assigned = new HashSet<>();
                described.members().forEach(member -> assigned.addAll(member.assignment().topicPartitions()));
                assertThat(assigned).hasSize(6);
                assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups().withTypes(Set.of(GroupType.CONSUMER)))
                        .all().get()).extracting(GroupListing::groupId).contains(group);

                // and the lag kafka-consumer-groups.sh --describe computes (log end offset less committed offset)
                // falls to nothing on every partition
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(lags(admin, group))
                        .hasSize(6).allSatisfy((partition, lag) -> assertThat(lag).as(partition.toString()).isZero()));
            }

            // when one member leaves, then the other two hold three each
            first.close();
            awaitAssignment(List.of(second, third), 3);
            sent.addAll(produce(topic, "c", 300));
            awaitReceived(received, sent);

            // when one member dies, cut off the network without a word, then it is still a member until its session
            // times out, and then the last one holds all six
            long died = System.nanoTime();
            second.die(network);
            assertThat(memberClients(group)).as("a dead member is not removed before its session times out")
                    .containsExactlyInAnyOrder("second", "third");
            awaitAssignment(List.of(third), 6);
            assertThat(memberClients(group)).containsExactly("third");
            assertThat(Duration.ofNanos(System.nanoTime() - died))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(SESSION_TIMEOUT_MS - 2L * HEARTBEAT_INTERVAL_MS));
            sent.addAll(produce(topic, "d", 300));
            awaitReceived(received, sent);
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
    void shouldResumeFromOffsetsCommittedWithTheMemberEpoch() throws Exception {
        // given a member that read and committed the first 100 records, then left
        String topic = "ledger";
        broker.createTopic(topic, 3);
        Queue<String> firstRun = GroupConsumer.sharedQueue();
        List<String> early = produce(topic, "early", 100);
        try (GroupConsumer reader = GroupConsumer.startWithConsumerProtocol(broker, "reader", "ledger-readers", topic,
                firstRun, Map.of())) {
            awaitReceived(firstRun, early);
        }
        List<String> late = produce(topic, "late", 50);

        // when a new member of the same group starts, asking for the range assignor
        Queue<String> secondRun = GroupConsumer.sharedQueue();
        try (GroupConsumer next = GroupConsumer.startWithConsumerProtocol(broker, "next", "ledger-readers", topic,
                secondRun, Map.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range"))) {
            // then it receives exactly the records produced after the commit
            awaitReceived(secondRun, late);
            Thread.sleep(500);
            assertThat(secondRun).containsExactlyInAnyOrderElementsOf(late);
        }
    }

    @Test
    void shouldConsumeTheTopicsARegularExpressionMatchesIncludingOneCreatedLater() throws Exception {
        // given a member subscribed by regular expression, which the broker resolves
        broker.createTopic("events-eu", 2);
        broker.createTopic("audit", 1);
        Queue<String> received = GroupConsumer.sharedQueue();
        try (GroupConsumer member = GroupConsumer.startWithPattern(broker, "patterned", "events-readers", "events-.*",
                received)) {
            awaitAssignment(List.of(member), 2);
            List<String> sent = new ArrayList<>(produce("events-eu", "eu", 100));
            produce("audit", "audit", 10);
            awaitReceived(received, sent);

            // when a topic matching it is created, then the member is given its partition and reads it too
            broker.createTopic("events-us", 1);
            awaitAssignment(List.of(member), 3);
            sent.addAll(produce("events-us", "us", 50));
            awaitReceived(received, sent);
        }
    }

    @Test
    void shouldUpgradeAnEmptyClassicGroupToTheConsumerProtocolKeepingItsOffsets() throws Exception {
        // given a classic group that read and committed the first 100 records, then stopped
        String topic = "upgraded";
        broker.createTopic(topic, 4);
        String group = "upgraded-readers";
        Queue<String> classicRun = GroupConsumer.sharedQueue();
        List<String> early = produce(topic, "early", 100);
        try (GroupConsumer classic = GroupConsumer.start(broker, "classic", group, topic, classicRun, Map.of())) {
            awaitReceived(classicRun, early);
        }
        List<String> late = produce(topic, "late", 60);

        // when members of the consumer protocol join the same group
        Queue<String> consumerRun = GroupConsumer.sharedQueue();
        try (GroupConsumer one = GroupConsumer.startWithConsumerProtocol(broker, "one", group, topic, consumerRun,
                Map.of());
             GroupConsumer two = GroupConsumer.startWithConsumerProtocol(broker, "two", group, topic, consumerRun,
                     Map.of())) {
            // then they share the partitions and resume where the classic group stopped
            awaitAssignment(List.of(one, two), 2);
            awaitReceived(consumerRun, late);
            try (Admin admin = broker.admin()) {
                assertThat(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().type())
                        .isEqualTo(GroupType.CONSUMER);
            }
        }
    }

    private static Map<TopicPartition, Long> lags(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> lags = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, end) ->
                lags.put(partition, end.offset() - committed.get(partition).offset()));
        return lags;
    }

    private static List<String> memberClients(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                    .map(MemberDescription::clientId).toList();
        }
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

    private static void awaitReceived(Queue<String> received, List<String> sent) {
        await().atMost(PATIENCE).until(() -> received.size() >= sent.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    private static List<String> produce(String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            List<String> values = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
            List<Future<?>> acks = new ArrayList<>();
            int partitions;
            try (Admin admin = broker.admin()) {
                partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            }
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            return values;
        }
    }
}
