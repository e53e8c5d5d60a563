package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The gauges, read from the inbound queries at scrape time: partitions hosted, the partitions this broker leads and
 * how many of those have fewer in-sync replicas than replicas, each partition's log size,
 * each consumer group's lag by partition (high watermark minus committed offset, as the admin client and
 * {@code kafka-consumer-groups.sh} compute it) and the Kafka listener's open connections. A partition or group
 * deleted while it is being read is left out of that scrape.
 */
final class BrokerGauges {

    static final String PARTITION_COUNT = "kafka.server.replicamanager.partitioncount";
    static final String LEADER_COUNT = "kafka.server.replicamanager.leadercount";
    static final String UNDER_REPLICATED = "kafka.server.replicamanager.underreplicatedpartitions";
    static final String LOG_SIZE = "kafka.log.log.size";
    static final String CONSUMER_GROUP_LAG = "kafka.consumergroup.lag";
    static final String CONNECTION_COUNT = "kafka.server.socketservermetrics.connection.count";
    private static final long READ_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerGauges.class);

    private final HttpAdminAdapter.MetricSources sources;
    private final MultiGauge logSizes;
    private final MultiGauge lags;
    private volatile List<Topic> topics = List.of();
    private volatile Map<TopicName, Topic> topicsByName = Map.of();
    private volatile Set<String> topicNames = Set.of();
    private volatile int leaders;
    private volatile int underReplicated;

    BrokerGauges(MeterRegistry registry, HttpAdminAdapter.MetricSources sources) {
        this.sources = sources;
        Gauge.builder(PARTITION_COUNT, this, gauges -> gauges.topics.stream().mapToInt(Topic::partitionCount).sum())
                .description("Partitions this broker hosts").register(registry);
        Gauge.builder(LEADER_COUNT, this, gauges -> gauges.leaders)
                .description("Partitions this broker leads").register(registry);
        Gauge.builder(UNDER_REPLICATED, this, gauges -> gauges.underReplicated)
                .description("Partitions this broker leads that have fewer in-sync replicas than replicas")
                .register(registry);
        Gauge.builder(CONNECTION_COUNT, sources.openConnections(), connections -> connections.getAsInt())
                .description("Connections open on the Kafka listener").tag("listener", "PLAINTEXT").register(registry);
        logSizes = MultiGauge.builder(LOG_SIZE).description("Bytes of record batches a partition's log keeps")
                .register(registry);
        lags = MultiGauge.builder(CONSUMER_GROUP_LAG)
                .description("A consumer group's lag: the partition's high watermark minus the group's committed offset")
                .register(registry);
    }

    /** Reads every gauge from the queries. */
    void refresh() {
        topics = sources.topics().listTopics();
        topicsByName = topics.stream().collect(Collectors.toUnmodifiableMap(Topic::name, topic -> topic));
        topicNames = topics.stream().map(topic -> topic.name().value()).collect(Collectors.toUnmodifiableSet());
        countLeaders();
        logSizes.register(logSizeRows(), true);
        lags.register(lagRows(), true);
    }

    /** The partitions this broker leads, and those of them whose in-sync replicas are fewer than their replicas. */
    private void countLeaders() {
        int self = sources.cluster().localBroker().nodeId();
        int led = 0;
        int under = 0;
        for (Topic topic : topics) {
            for (TopicIdPartition partition : topic.partitions()) {
                PartitionLeadership leadership = sources.cluster().leadership(partition);
                if (leadership.leaderId() == self) {
                    led++;
                    if (leadership.inSyncReplicas().size() < leadership.replicas().size()) {
                        under++;
                    }
                }
            }
        }
        leaders = led;
        underReplicated = under;
    }

    /** Whether the topic existed at the last {@link #refresh()}. */
    boolean topicExists(String topic) {
        return topicNames.contains(topic);
    }

    private List<MultiGauge.Row<?>> logSizeRows() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Topic topic : topics) {
            for (TopicIdPartition partition : topic.partitions()) {
                read(sources.logSizes().logSize(partition)).ifPresent(bytes -> rows.add(MultiGauge.Row.of(
                        Tags.of("topic", topic.name().value(), "partition", Integer.toString(partition.partition())),
                        bytes)));
            }
        }
        return rows;
    }

    private List<MultiGauge.Row<?>> lagRows() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GroupId group : groupIds()) {
            Map<TopicPartition, CommittedOffset> committed =
                    read(sources.committedOffsets().committedOffsets(group)).orElse(Map.of());
            committed.forEach((partition, offset) -> lag(partition, offset).ifPresent(lag -> rows.add(MultiGauge.Row.of(
                    Tags.of("consumergroup", group.value(), "topic", partition.topic().value(),
                            "partition", Integer.toString(partition.partition())),
                    lag))));
        }
        return rows;
    }

    private Optional<Long> lag(TopicPartition partition, CommittedOffset committed) {
        Topic topic = topicsByName.get(partition.topic());
        if (topic == null || !topic.hasPartition(partition.partition())) {
            return Optional.empty();
        }
        return read(sources.offsets().listOffset(topic.partition(partition.partition()), new OffsetSpec.Latest(),
                IsolationLevel.READ_UNCOMMITTED))
                .flatMap(latest -> latest)
                .map(latest -> Math.max(0, latest.offset() - committed.offset()));
    }

    /** The classic groups and the consumer groups (KIP-848), each once. */
    private Set<GroupId> groupIds() {
        Set<GroupId> ids = new LinkedHashSet<>();
        read(sources.groups().listGroups()).orElse(List.of()).forEach(group -> ids.add(group.groupId()));
        try {
            sources.consumerGroups().listConsumerGroups().forEach(group -> ids.add(group.groupId()));
        } catch (RuntimeException e) {
            LOG.debug("Consumer groups were left out of this scrape: {}", e.toString());
        }
        return ids;
    }

    private static <T> Optional<T> read(CompletableFuture<T> future) {
        try {
            return Optional.of(future.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.debug("A gauge was left out of this scrape: {}", e.toString());
            return Optional.empty();
        }
    }
}
