package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member of a consumer group polling on its own thread, as an application would: it records every value
 * it receives into a queue shared with its fellow members and commits after each batch. It either leaves
 * the group when stopped, closes without leaving, or dies: cut off the network behind a {@link CuttingProxy}.
 */
final class GroupConsumer implements AutoCloseable {

    private final String name;
    private final Queue<String> received;
    private final Map<String, Object> config;
    private final String topic;
    private volatile SubscriptionPattern pattern;
    private final AtomicInteger rebalances = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile boolean running = true;
    private volatile CloseOptions.GroupMembershipOperation onClose = CloseOptions.GroupMembershipOperation.DEFAULT;
    private volatile Throwable failure;
    private volatile CuttingProxy diesBehind;

    private GroupConsumer(String name, String topic, Queue<String> received, Map<String, Object> config) {
        this.name = name;
        this.topic = topic;
        this.received = received;
        this.config = config;
    }

    /** Starts a member of {@code groupId} subscribed to {@code topic}, with a 6 s session. */
    static GroupConsumer start(RunningBroker broker, String name, String groupId, String topic,
                               Queue<String> received, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500,
                ConsumerConfig.CLIENT_ID_CONFIG, name));
        config.putAll(overrides);
        return launch(broker, name, topic, received, config);
    }

    /**
     * Starts a member of {@code groupId} subscribed to {@code topic} under the consumer protocol of KIP-848
     * ({@code group.protocol=consumer}): the broker sets its session timeout and heartbeat interval, and
     * assigns its partitions.
     */
    static GroupConsumer startWithConsumerProtocol(RunningBroker broker, String name, String groupId, String topic,
                                                   Queue<String> received, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, name));
        config.putAll(overrides);
        return launch(broker, name, topic, received, config);
    }

    /**
     * Starts a member of a consumer-protocol group subscribed by regular expression, which the broker resolves
     * (KIP-848's {@link SubscriptionPattern}, RE2/J syntax).
     */
    static GroupConsumer startWithPattern(RunningBroker broker, String name, String groupId, String regex,
                                          Queue<String> received) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, name);
        GroupConsumer consumer = new GroupConsumer(name, regex, received, config);
        consumer.pattern = new SubscriptionPattern(regex);
        return consumer.launch(broker);
    }

    private static GroupConsumer launch(RunningBroker broker, String name, String topic, Queue<String> received,
                                        Map<String, Object> config) {
        return new GroupConsumer(name, topic, received, config).launch(broker);
    }

    private GroupConsumer launch(RunningBroker broker) {
        Thread thread = new Thread(() -> run(broker), "consumer-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    static Queue<String> sharedQueue() {
        return new ConcurrentLinkedQueue<>();
    }

    private void run(RunningBroker broker) {
        try (KafkaConsumer<String, String> consumer = broker.consumer(config)) {
            ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        rebalances.incrementAndGet();
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        rebalances.incrementAndGet();
                    }
                }
            };
            if (pattern != null) {
                consumer.subscribe(pattern, listener);
            } else {
                consumer.subscribe(List.of(topic), listener);
            }
            try {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        received.add(record.value());
                    }
                    commit(consumer);
                    assignment = Set.copyOf(consumer.assignment());
                }
            } finally {
                CuttingProxy network = diesBehind;
                if (network != null) {
                    network.cut(name);
                }
                consumer.close(CloseOptions.groupMembershipOperation(onClose)
                        .withTimeout(Duration.ofSeconds(network != null ? 0 : 10)));
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            assignment = Set.of();
            stopped.countDown();
        }
    }

    /**
     * Commits what was received. With cooperative rebalancing a poll may return while the member is still
     * rejoining, and the consumer then refuses to commit until a later poll has finished the rebalance: the
     * next round commits these offsets too, as Kafka's documentation advises.
     */
    private static void commit(KafkaConsumer<String, String> consumer) {
        try {
            consumer.commitSync();
        } catch (RebalanceInProgressException rejoining) {
            // committed on the next round
        }
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** How many times partitions were revoked from or assigned to this member. */
    int rebalances() {
        return rebalances.get();
    }

    Throwable failure() {
        return failure;
    }

    /**
     * Stops polling and closes asking to remain in the group. A classic member then sends no LeaveGroup and a static
     * consumer-protocol member leaves only for the while (epoch -2), but the Java client still takes a dynamic
     * consumer-protocol member out of the group (epoch -1): to make any member fall silent, use {@link #die}.
     */
    void closeRemainingInGroup() throws InterruptedException {
        stop(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    /**
     * Dies as a process does: once it has committed what it received, its connections through {@code network} are
     * cut and no new one gets through, so no request of it (a leave neither) reaches the broker again, which must
     * notice by the member's session timing out.
     */
    void die(CuttingProxy network) throws InterruptedException {
        diesBehind = network;
        stop(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    /** Stops polling and closes the consumer the ordinary way (a dynamic member leaves the group). */
    @Override
    public void close() throws InterruptedException {
        stop(CloseOptions.GroupMembershipOperation.DEFAULT);
    }

    private void stop(CloseOptions.GroupMembershipOperation operation) throws InterruptedException {
        onClose = operation;
        running = false;
        if (!stopped.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Consumer " + name + " did not stop");
        }
    }

    @Override
    public String toString() {
        return name + assignment;
    }
}
