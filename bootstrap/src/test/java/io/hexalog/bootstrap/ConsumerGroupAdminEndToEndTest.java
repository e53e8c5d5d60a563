package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The admin client's consumer group operations against the assembled broker. */
@Timeout(120)
@OnEveryStorage
class ConsumerGroupAdminEndToEndTest extends BrokerEndToEndTest {

    private static final String TOPIC = "audited";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    @Test
    void shouldListDescribeAlterAndDeleteAConsumerGroupAndItsOffsets() throws Exception {
        // given a group whose one member consumed and committed two partitions
        BROKER.createTopic(TOPIC, 2);
        List<String> sent = produce(40);
        Queue<String> received = GroupConsumer.sharedQueue();
        try (Admin admin = BROKER.admin()) {
            try (GroupConsumer member = GroupConsumer.start(BROKER, "auditor", "auditors", TOPIC, received, Map.of())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= sent.size());

                // then the group is listed and described as stable with its member and assignment
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(listedStates(admin)).containsEntry("auditors", GroupState.STABLE));
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of("auditors"))
                        .describedGroups().get("auditors").get();
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(description.members()).singleElement().satisfies(m -> {
                    assertThat(m.clientId()).isEqualTo("auditor");
                    assertThat(m.assignment().topicPartitions()).containsExactlyInAnyOrder(P0, P1);
                });
                assertThat(description.coordinator().id()).isEqualTo(1);
                assertThat(description.partitionAssignor()).isNotEmpty();

                // and its committed offsets are the ends of both partitions
                assertThat(committed(admin, "auditors")).containsEntry(P0, 20L).containsEntry(P1, 20L);

                // and a group with a member cannot be deleted
                assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("auditors")).all().get())
                        .hasCauseInstanceOf(GroupNotEmptyException.class);
            }

            // when the member has left, then the group is empty and its offsets can be altered and deleted
            assertThat(listedStates(admin)).containsEntry("auditors", GroupState.EMPTY);
            admin.alterConsumerGroupOffsets("auditors", Map.of(P0, new OffsetAndMetadata(5, "rewound"))).all().get();
            Map<TopicPartition, OffsetAndMetadata> altered = admin.listConsumerGroupOffsets("auditors")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(altered.get(P0).offset()).isEqualTo(5);
            assertThat(altered.get(P0).metadata()).isEqualTo("rewound");
            admin.deleteConsumerGroupOffsets("auditors", Set.of(P1)).all().get();
            assertThat(committed(admin, "auditors")).containsOnlyKeys(P0);

            // and deleting the group removes it
            admin.deleteConsumerGroups(List.of("auditors")).all().get();
            assertThat(listedStates(admin)).doesNotContainKey("auditors");
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("auditors")).all().get())
                    .hasCauseInstanceOf(GroupIdNotFoundException.class);
        }
    }

    @Test
    void shouldForgetCommittedOffsetsOfADeletedTopic() throws Exception {
        // given offsets committed by the admin client for a topic
        BROKER.createTopic("short-lived", 1);
        TopicPartition partition = new TopicPartition("short-lived", 0);
        try (Admin admin = BROKER.admin()) {
            admin.alterConsumerGroupOffsets("forgetful", Map.of(partition, new OffsetAndMetadata(0))).all().get();
            assertThat(committed(admin, "forgetful")).containsOnlyKeys(partition);

            // when the topic is deleted, then the group has no offset left
            admin.deleteTopics(List.of("short-lived")).all().get();
            assertThat(committed(admin, "forgetful")).isEmpty();
        }
    }

    private static Map<String, GroupState> listedStates(Admin admin) throws ExecutionException, InterruptedException {
        return admin.listConsumerGroups().all().get().stream().collect(Collectors.toMap(
                ConsumerGroupListing::groupId, listing -> listing.groupState().orElse(GroupState.UNKNOWN)));
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static List<String> produce(int count) throws Exception {
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add("v" + i);
                producer.send(new ProducerRecord<>(TOPIC, i % 2, null, "v" + i)).get();
            }
            return values;
        }
    }
}
