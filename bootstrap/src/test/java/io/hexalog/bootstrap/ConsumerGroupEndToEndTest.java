package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consumer groups with the real Java consumer: sharing partitions, taking over, resuming, static members. */
@Timeout(120)
@OnEveryStorage
class ConsumerGroupEndToEndTest extends BrokerEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @Test
    void shouldShareSixPartitionsAmongThreeRangeConsumersAndLetTheSurvivorsTakeOverFromLeavingAndDeadMembers()
            throws Exception {
        shareAndTakeOver("orders-range", RangeAssignor.class);
    }

    @Test
    void shouldShareSixPartitionsAmongThreeCooperativeStickyConsumersAndLetTheSurvivorsTakeOver() throws Exception {
        shareAndTakeOver("orders-cooperative", CooperativeStickyAssignor.class);
    }

    private static void shareAndTakeOver(String topic, Class<?> assignor) throws Exception {
        // given a 6-partition topic and three members of one group
        BROKER.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        Map<String, Object> config = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        String group = topic + "-readers";
        GroupConsumer first = GroupConsumer.start(BROKER, "first", group, topic, received, config);
        GroupConsumer second = GroupConsumer.start(BROKER, "second", group, topic, received, config);
        GroupConsumer third = GroupConsumer.start(BROKER, "third", group, topic, received, config);
        try {
            // when the group has settled, then each member holds two partitions, all six held once
            awaitAssignment(List.of(first, second, third), 2);

            // and every record is consumed exactly once
            List<String> sent = new ArrayList<>(produce(topic, "a", 600));
            awaitReceived(received, sent);

            // when one member leaves, then the other two hold three each and nothing is lost or repeated
            first.close();
            awaitAssignment(List.of(second, third), 3);
            sent.addAll(produce(topic, "b", 300));
            awaitReceived(received, sent);

            // when one member stops without leaving (a classic member closed to remain sends no LeaveGroup), then
            // after its session timeout the last one holds all six
            second.closeRemainingInGroup();
            awaitAssignment(List.of(third), 6);
            sent.addAll(produce(topic, "c", 300));
            awaitReceived(received, sent);
            assertThat(List.of(first, second, third)).allSatisfy(member -> assertThat(member.failure()).isNull());
        } finally {
            first.close();
            second.close();
            third.close();
        }
    }

    @Test
    void shouldResumeFromTheCommittedOffsetsWithoutRedelivery() throws Exception {
        // given a consumer that read and committed the first 100 records, then left
        String topic = "resumed";
        BROKER.createTopic(topic, 3);
        Queue<String> firstRun = GroupConsumer.sharedQueue();
        List<String> early = produce(topic, "early", 100);
        try (GroupConsumer reader = GroupConsumer.start(BROKER, "reader", "resumers", topic, firstRun, Map.of())) {
            awaitReceived(firstRun, early);
        }
        List<String> late = produce(topic, "late", 50);

        // when a new consumer of the same group starts
        Queue<String> secondRun = GroupConsumer.sharedQueue();
        try (GroupConsumer next = GroupConsumer.start(BROKER, "next", "resumers", topic, secondRun, Map.of())) {
            // then it receives exactly the records produced after the commit
            awaitReceived(secondRun, late);
            Thread.sleep(500);
            assertThat(secondRun).containsExactlyInAnyOrderElementsOf(late);
        }
    }

    @Test
    void shouldGiveARestartedStaticMemberItsAssignmentBackWithoutARebalance() throws Exception {
        // given two static members sharing a topic
        String topic = "static";
        BROKER.createTopic(topic, 6);
        Queue<String> received = GroupConsumer.sharedQueue();
        Map<String, Object> alpha = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "alpha",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        Map<String, Object> beta = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "beta",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        GroupConsumer first = GroupConsumer.start(BROKER, "alpha-1", "statics", topic, received, alpha);
        GroupConsumer other = GroupConsumer.start(BROKER, "beta", "statics", topic, received, beta);
        GroupConsumer restarted = null;
        try {
            awaitAssignment(List.of(first, other), 3);
            Set<TopicPartition> before = first.assignment();
            int otherRebalances = other.rebalances();

            // when one of them stops (a static member does not leave) and comes back within its session
            first.close();
            restarted = GroupConsumer.start(BROKER, "alpha-2", "statics", topic, received, alpha);
            GroupConsumer back = restarted;
            await().atMost(PATIENCE).until(() -> back.assignment().equals(before));

            // then it holds the same partitions and the other member never rebalanced
            List<String> sent = produce(topic, "s", 120);
            awaitReceived(received, sent);
            assertThat(other.rebalances()).isEqualTo(otherRebalances);
            assertThat(other.assignment()).hasSize(3).doesNotContainAnyElementsOf(before);
        } finally {
            first.close();
            other.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static void awaitAssignment(List<GroupConsumer> members, int partitionsEach) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<TopicPartition> all = new HashSet<>();
            for (GroupConsumer member : members) {
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

    static List<String> produce(String topic, String prefix, int count) throws Exception {
        int partitionCount = partitions(topic);
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            List<String> values = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitionCount, null, values.get(i))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            return values;
        }
    }

    private static int partitions(String topic) throws Exception {
        try (var admin = BROKER.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
