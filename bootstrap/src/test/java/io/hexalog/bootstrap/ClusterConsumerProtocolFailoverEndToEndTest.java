package io.hexalog.bootstrap;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.RangeAssignor;
import io.hexalog.domain.group.consumer.UniformAssignor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group of the consumer protocol (KIP-848, {@code group.protocol=consumer}) on a three-node cluster loses its
 * coordinator while an idempotent acks=all producer keeps writing: the group's state is replicated through the
 * metadata log, so the new coordinator restores it and the members go on heartbeating with their member IDs and
 * epochs, keeping their partitions (none is lost), and resume from their committed offsets, which are replicated
 * too. Every record is consumed, no committed offset goes backwards, and only records read after the last commit
 * before the failover are read twice.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterConsumerProtocolFailoverEndToEndTest {

    private static final String TOPIC = "invoices";
    private static final String GROUP = "invoice-readers";
    private static final String BYSTANDERS = "invoice-bystanders";
    private static final int PARTITIONS = 6;
    private static final int RECORDS_PER_SECOND = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private RunningCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3, config -> config.withGroups(
                GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(100).withConsumerGroups(
                        new ConsumerGroupConfig(6_000, 500, ConsumerGroupConfig.KAFKA_MAX_SIZE,
                                List.of(new UniformAssignor(), new RangeAssignor())))));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void shouldKeepConsumingEveryRecordWhenTheGroupsCoordinatorDies() throws Exception {
        // given two consumer-protocol members sharing the topic, committing what they read, while records keep coming
        Queue<Read> reads = new ConcurrentLinkedQueue<>();
        Queue<Commit> commits = new ConcurrentLinkedQueue<>();
        Function<Map<String, Object>, KafkaConsumer<String, String>> consumers = cluster::consumer;
        SteadyProducer producer = SteadyProducer.start(cluster.bootstrapServers(), TOPIC, PARTITIONS,
                RECORDS_PER_SECOND);
        Member first = Member.start(consumers, "first", reads, commits);
        Member second = Member.start(consumers, "second", reads, commits);
        Map<TopicPartition, Long> committedOffsets = new HashMap<>();
        List<String> backwards = new ArrayList<>();
        long killedAt;
        int coordinator;
        try (Admin admin = cluster.admin()) {
            awaitEachHolding(List.of(first, second), 3);
            await().atMost(PATIENCE).until(() -> reads.size() > 600 && commits.stream()
                    .flatMap(commit -> commit.offsets().keySet().stream()).distinct().count() == PARTITIONS);
            sampleCommittedOffsets(admin, committedOffsets, backwards);
            coordinator = describe(admin).coordinator().id();
            visit(coordinator);
            ConsumerGroupDescription described = await().atMost(PATIENCE).until(() -> describe(admin),
                    group -> group.groupEpoch().orElse(0) >= 4 && group.members().stream().allMatch(member ->
                            member.memberEpoch().equals(group.groupEpoch())));
            assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
            Map<String, Integer> epochsBefore = epochsByMemberId(described);
            String bystander = joinAndFallSilent(coordinator);

            // when the node coordinating the group stops
            killedAt = System.nanoTime();
            cluster.stopNode(coordinator);
            int acknowledgedAtKill = producer.acknowledgedCount();

            // then the new coordinator restores the group: it describes the same members, under the same member IDs
            // and at epochs no older than before (they did not rejoin from epoch 0), and they consume on
            await().atMost(PATIENCE).ignoreExceptionsInstanceOf(ExecutionException.class).untilAsserted(() -> {
                assertThat(first.failure()).isNull();
                assertThat(second.failure()).isNull();
                ConsumerGroupDescription now = describe(admin);
                assertThat(now.coordinator().id()).isNotEqualTo(coordinator);
                assertThat(now.members()).extracting(member -> member.clientId())
                        .containsExactlyInAnyOrder("first", "second");
            });
            Map<String, Integer> epochsAfter = epochsByMemberId(describe(admin));
            assertThat(epochsAfter.keySet()).as("member IDs on the new coordinator")
                    .isEqualTo(epochsBefore.keySet());
            epochsBefore.forEach((memberId, epoch) -> assertThat(epochsAfter.get(memberId))
                    .as("epoch of member %s, %d before the stop", memberId, epoch).isGreaterThanOrEqualTo(epoch));
            int successor = describe(admin).coordinator().id();
            assertThat(commitAs(bystander, successor))
                    .as("a member of another group, silent since it joined, is known to the new coordinator too")
                    .isEqualTo(Errors.NONE);
            int other = IntStream.rangeClosed(1, 3).filter(node -> node != coordinator && node != successor)
                    .findFirst().orElseThrow();
            assertThat(commitAs(bystander, other)).isEqualTo(Errors.NOT_COORDINATOR);
            awaitEachHolding(List.of(first, second), 3);
            await().atMost(PATIENCE).untilAsserted(() -> {
                sampleCommittedOffsets(admin, committedOffsets, backwards);
                assertThat(producer.acknowledgedCount()).isGreaterThan(acknowledgedAtKill + 600);
            });
            producer.stop(PATIENCE);
            Set<String> acknowledged = producer.acknowledgements().stream()
                    .map(ack -> ack.partition() + "@" + ack.offset()).collect(Collectors.toSet());
            await().atMost(PATIENCE).untilAsserted(() -> {
                sampleCommittedOffsets(admin, committedOffsets, backwards);
                assertThat(reads.stream().map(Read::position).collect(Collectors.toSet()))
                        .containsAll(acknowledged);
                assertThat(committedOffsets).hasSize(PARTITIONS);
                assertThat(committedOffsets.values().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(acknowledged.size());
            });
            assertThat(producer.failures()).isEmpty();
        } finally {
            producer.close();
            first.close();
            second.close();
        }

        // and no committed offset went backwards, no member lost its partitions, and only records after the last
        // commit before the stop came twice
        assertThat(backwards).isEmpty();
        assertThat(first.lostPartitions() + second.lostPartitions()).as("partitions the members had to treat as lost")
                .isZero();
        assertThat(first.failure()).isNull();
        assertThat(second.failure()).isNull();
        Map<Integer, Long> committedBeforeKill = new HashMap<>();
        for (Commit commit : commits) {
            if (commit.atNanos() < killedAt) {
                commit.offsets().forEach((partition, offset) -> committedBeforeKill.merge(partition, offset, Math::max));
            }
        }
        Map<String, Long> times = reads.stream().collect(Collectors.groupingBy(Read::position, Collectors.counting()));
        List<Read> repeatedTooEarly = reads.stream()
                .filter(read -> times.get(read.position()) > 1)
                .filter(read -> read.offset() < committedBeforeKill.getOrDefault(read.partition(), 0L))
                .toList();
        System.out.printf("Read %d records, %d of them more than once; committed before the stop: %s%n",
                times.size(), times.values().stream().filter(count -> count > 1).count(), committedBeforeKill);
        assertThat(repeatedTooEarly).as("records read twice though committed before the coordinator stopped")
                .isEmpty();
    }

    /**
     * A member of another subscription joins the group and leaves it, so that the group epoch is past what two
     * members rejoining from epoch 0 would reach.
     */
    private void visit(int coordinator) throws Exception {
        String memberId = Uuid.randomUuid().toString();
        ConsumerGroupHeartbeatResponse joined = (ConsumerGroupHeartbeatResponse) cluster.call(coordinator, (short) 1,
                new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId).setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(TOPIC + "-archive"))
                        .setTopicPartitions(List.of()));
        assertThat(Errors.forCode(joined.data().errorCode())).isEqualTo(Errors.NONE);
        ConsumerGroupHeartbeatResponse left = (ConsumerGroupHeartbeatResponse) cluster.call(coordinator, (short) 1,
                new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId).setMemberEpoch(-1));
        assertThat(Errors.forCode(left.data().errorCode())).isEqualTo(Errors.NONE);
    }

    /** Each member's epoch, by member ID. */
    private static Map<String, Integer> epochsByMemberId(ConsumerGroupDescription group) {
        return group.members().stream().collect(Collectors.toMap(member -> member.consumerId(),
                member -> member.memberEpoch().orElseThrow()));
    }

    /**
     * A member of another group joins it on the coordinator and never heartbeats again; returns its member ID. It
     * is what the Java consumer looks like when its commit reaches the new coordinator before its heartbeat does.
     */
    private String joinAndFallSilent(int coordinator) throws Exception {
        String memberId = Uuid.randomUuid().toString();
        ConsumerGroupHeartbeatResponse joined = (ConsumerGroupHeartbeatResponse) cluster.call(coordinator, (short) 1,
                new ConsumerGroupHeartbeatRequestData().setGroupId(BYSTANDERS).setMemberId(memberId).setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(TOPIC))
                        .setTopicPartitions(List.of()));
        assertThat(Errors.forCode(joined.data().errorCode())).isEqualTo(Errors.NONE);
        assertThat(joined.data().memberEpoch()).isEqualTo(1);
        return memberId;
    }

    /** The answer of a node to an OffsetCommit (v9) of that member at epoch 1. */
    private Errors commitAs(String memberId, int nodeId) throws Exception {
        OffsetCommitResponse answer = (OffsetCommitResponse) cluster.call(nodeId, (short) 9, new OffsetCommitRequestData()
                .setGroupId(BYSTANDERS).setMemberId(memberId).setGenerationIdOrMemberEpoch(1)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(TOPIC)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(0))))));
        return Errors.forCode(answer.data().topics().get(0).partitions().get(0).errorCode());
    }

    private static ConsumerGroupDescription describe(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get(10, TimeUnit.SECONDS);
    }

    /** Reads the group's committed offsets and notes any that is behind what an earlier read saw. */
    private static void sampleCommittedOffsets(Admin admin, Map<TopicPartition, Long> seen, List<String> backwards)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> now = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        now.forEach((partition, committed) -> {
            if (committed != null) {
                Long before = seen.put(partition, committed.offset());
                if (before != null && before > committed.offset()) {
                    backwards.add(partition + " went from " + before + " to " + committed.offset());
                }
            }
        });
    }

    private static void awaitEachHolding(List<Member> members, int partitionsEach) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<TopicPartition> all = new HashSet<>();
            for (Member member : members) {
                assertThat(member.failure()).as(member.toString()).isNull();
                assertThat(member.assignment()).as(member.toString()).hasSize(partitionsEach);
                all.addAll(member.assignment());
            }
            assertThat(all).hasSize(partitionsEach * members.size());
        });
    }

    /** A record a member read: where it was stored. */
    record Read(int partition, long offset) {
        String position() {
            return partition + "@" + offset;
        }
    }

    /** Offsets a member committed successfully, and when the commit returned. */
    record Commit(long atNanos, Map<Integer, Long> offsets) {
    }

    /**
     * A consumer-protocol member polling on its own thread that commits after every poll, and before it gives
     * partitions up, and notes each record it read and each commit that succeeded, with the offsets it committed:
     * the next offset of every assigned partition it read from since it was given it.
     */
    private static final class Member implements AutoCloseable {

        private final String name;
        private final Queue<Read> reads;
        private final Queue<Commit> commits;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Map<Integer, Long> positions = new HashMap<>();
        private volatile Set<TopicPartition> assignment = Set.of();
        private volatile boolean running = true;
        private volatile Throwable failure;
        private final AtomicInteger lost = new AtomicInteger();

        private Member(String name, Queue<Read> reads, Queue<Commit> commits) {
            this.name = name;
            this.reads = reads;
            this.commits = commits;
        }

        static Member start(Function<Map<String, Object>, KafkaConsumer<String, String>> consumers, String name,
                            Queue<Read> reads, Queue<Commit> commits) {
            Member member = new Member(name, reads, commits);
            Thread thread = new Thread(() -> member.run(consumers.apply(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                    ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.CLIENT_ID_CONFIG, name))), "member-" + name);
            thread.setDaemon(true);
            thread.start();
            return member;
        }

        private void run(KafkaConsumer<String, String> consumer) {
            try (consumer) {
                consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // what was read from them is committed before another member resumes there, as Kafka
                        // advises with manual commits; lost partitions (below) cannot be
                        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                        Map<Integer, Long> committing = new HashMap<>();
                        for (TopicPartition partition : partitions) {
                            Long next = positions.remove(partition.partition());
                            if (next != null) {
                                offsets.put(partition, new OffsetAndMetadata(next));
                                committing.put(partition.partition(), next);
                            }
                        }
                        commit(() -> consumer.commitSync(offsets, Duration.ofSeconds(5)), committing);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        lost.addAndGet(partitions.size());
                        partitions.forEach(partition -> positions.remove(partition.partition()));
                    }
                });
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        reads.add(new Read(record.partition(), record.offset()));
                        positions.put(record.partition(), record.offset() + 1);
                    }
                    commit(() -> consumer.commitSync(Duration.ofSeconds(5)), new HashMap<>(positions));
                    assignment = Set.copyOf(consumer.assignment());
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                assignment = Set.of();
                stopped.countDown();
            }
        }

        /**
         * Commits what was read and notes it once the commit succeeded. While the member rejoins, the consumer may
         * refuse to commit, or the coordinator may be gone: the next round commits these offsets too.
         */
        private void commit(Runnable commitSync, Map<Integer, Long> committing) {
            try {
                commitSync.run();
                commits.add(new Commit(System.nanoTime(), committing));
            } catch (RebalanceInProgressException | org.apache.kafka.common.errors.TimeoutException
                     | org.apache.kafka.clients.consumer.CommitFailedException rejoining) {
                // committed on a later round
            }
        }

        Set<TopicPartition> assignment() {
            return assignment;
        }

        Throwable failure() {
            return failure;
        }

        int lostPartitions() {
            return lost.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Member " + name + " did not stop");
            }
        }

        @Override
        public String toString() {
            return name + assignment;
        }
    }
}
