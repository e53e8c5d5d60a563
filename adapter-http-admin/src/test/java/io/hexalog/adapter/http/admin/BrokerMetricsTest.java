package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics the adapters count into, rendered under Kafka's names, and the gauges read at scrape time. */
class BrokerMetricsTest {

    private static final GroupId READERS = new GroupId("readers");
    private static final GroupId STREAMERS = new GroupId("streamers");

    private final List<Topic> topics = new ArrayList<>(List.of(Topic.create(TopicName.of("orders"), 2)));
    private final Map<TopicPartition, CommittedOffset> committed = Map.of(
            new TopicPartition(TopicName.of("orders"), 1), new CommittedOffset(30, OptionalInt.empty(), "", 0));
    private final AtomicInteger connections = new AtomicInteger(3);
    private final AtomicReference<ReadBufferUsage> readBuffers = new AtomicReference<>(ReadBufferUsage.NONE);
    private final BrokerMetrics metrics = HttpAdminAdapter.metrics(new HttpAdminAdapter.MetricSources(
            new ListedTopics(), partition -> CompletableFuture.completedFuture(100L * (partition.partition() + 1)),
            (partition, spec, isolation) -> CompletableFuture.completedFuture(
                    Optional.of(new ListedOffset(42, OptionalLong.empty(), 0))),
            new OneGroup(), new OneConsumerGroup(), new OneGroupsOffsets(), connections::get, readBuffers::get,
            new ThreeBrokers()));
    /** Each partition's leadership as the cluster names it, by partition number; none means led here, all in sync. */
    private final Map<Integer, PartitionLeadership> leaderships = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void shouldCountRecordsAndBytesByTopicUnderKafkasNames() {
        // when
        metrics.produced("orders", 3, 120);
        metrics.produced("orders", 2, 80);
        metrics.fetched("orders", 200);

        // then
        assertThat(lines(metrics.scrape())).contains(
                "kafka_server_brokertopicmetrics_messagesin_total{topic=\"orders\"} 5.0",
                "kafka_server_brokertopicmetrics_bytesin_total{topic=\"orders\"} 200.0",
                "kafka_server_brokertopicmetrics_bytesout_total{topic=\"orders\"} 200.0");
    }

    @Test
    void shouldCountRequestsByApiAndTimeThemInMilliseconds() {
        // when
        metrics.requestCompleted("Produce", 3_000_000);
        metrics.requestCompleted("Produce", 400_000);
        metrics.requestCompleted("Fetch", 600_000_000);

        // then
        assertThat(lines(metrics.scrape())).contains(
                "kafka_network_requestmetrics_requests_total{request=\"Produce\"} 2.0",
                "kafka_network_requestmetrics_requests_total{request=\"Fetch\"} 1.0",
                "kafka_network_requestmetrics_totaltimems_bucket{request=\"Produce\",le=\"1.0\"} 1",
                "kafka_network_requestmetrics_totaltimems_bucket{request=\"Produce\",le=\"2.0\"} 1",
                "kafka_network_requestmetrics_totaltimems_bucket{request=\"Produce\",le=\"5.0\"} 2",
                "kafka_network_requestmetrics_totaltimems_count{request=\"Produce\"} 2",
                "kafka_network_requestmetrics_totaltimems_sum{request=\"Produce\"} 3.4",
                "kafka_network_requestmetrics_totaltimems_bucket{request=\"Fetch\",le=\"500.0\"} 0",
                "kafka_network_requestmetrics_totaltimems_bucket{request=\"Fetch\",le=\"1000.0\"} 1");
    }

    @Test
    void shouldReadPartitionsLogSizesLagAndConnectionsWhenScraped() {
        // given
        connections.set(7);

        // when
        List<String> scraped = lines(metrics.scrape());

        // then
        assertThat(scraped).contains(
                "kafka_server_replicamanager_partitioncount 2.0",
                "kafka_server_replicamanager_leadercount 2.0",
                "kafka_server_replicamanager_underreplicatedpartitions 0.0",
                "kafka_log_log_size{partition=\"0\",topic=\"orders\"} 100.0",
                "kafka_log_log_size{partition=\"1\",topic=\"orders\"} 200.0",
                "kafka_consumergroup_lag{consumergroup=\"readers\",partition=\"1\",topic=\"orders\"} 12.0",
                "kafka_consumergroup_lag{consumergroup=\"streamers\",partition=\"1\",topic=\"orders\"} 12.0",
                "kafka_server_socketservermetrics_connection_count{listener=\"PLAINTEXT\"} 7.0");
        assertThat(scraped).anyMatch(line -> line.startsWith("jvm_memory_used_bytes{"));
    }

    @Test
    void shouldCountThePartitionsThisBrokerLeadsAndThoseOfThemShortOfInSyncReplicas() {
        // given broker 1 leads partition 0 with broker 3 out of sync, and broker 2 leads partition 1 with broker 1 out
        leaderships.put(0, new PartitionLeadership(1, 4, List.of(1, 2, 3), List.of(1, 2)));
        leaderships.put(1, new PartitionLeadership(2, 4, List.of(2, 3, 1), List.of(2, 3)));

        // when
        List<String> scraped = lines(metrics.scrape());

        // then only what broker 1 leads counts here
        assertThat(scraped).contains(
                "kafka_server_replicamanager_leadercount 1.0",
                "kafka_server_replicamanager_underreplicatedpartitions 1.0");

        // and once broker 3 is back in sync, nothing is under-replicated
        leaderships.put(0, new PartitionLeadership(1, 4, List.of(1, 2, 3), List.of(1, 2, 3)));
        assertThat(lines(metrics.scrape())).contains("kafka_server_replicamanager_underreplicatedpartitions 0.0");
    }

    @Test
    void shouldReadTheStoragesReadBuffersWhenScraped() {
        // given a pool of 16 buffers, 3 allocated, 2 of them lent to fetches not yet sent
        readBuffers.set(new ReadBufferUsage(64L << 20, 3, 2, 5_000_000, 0));
        assertThat(lines(metrics.scrape())).contains("hexalog_log_readpool_used_bytes 5000000.0");

        // when the fetches are sent and later reads find the pool full
        readBuffers.set(new ReadBufferUsage(64L << 20, 16, 0, 0, 42));
        List<String> scraped = lines(metrics.scrape());

        // then
        assertThat(scraped).contains(
                "hexalog_log_readpool_capacity_bytes 6.7108864E7",
                "hexalog_log_readpool_allocated_buffers 16.0",
                "hexalog_log_readpool_used_buffers 0.0",
                "hexalog_log_readpool_used_bytes 0.0",
                "hexalog_log_readpool_heap_fallbacks_total 42.0");
    }

    @Test
    void shouldDropATopicsSeriesOnceTheTopicIsDeleted() {
        // given
        metrics.produced("orders", 1, 10);
        assertThat(metrics.scrape()).contains("topic=\"orders\"");

        // when
        topics.clear();

        // then
        assertThat(metrics.scrape()).doesNotContain("topic=\"orders\"");
    }

    private static List<String> lines(String scrape) {
        return List.of(scrape.split("\n"));
    }

    private final class ListedTopics implements DescribeTopicsQuery {

        @Override
        public List<Topic> listTopics() {
            return List.copyOf(topics);
        }

        @Override
        public Optional<Topic> findTopic(TopicName name) {
            return topics.stream().filter(topic -> topic.name().equals(name)).findFirst();
        }

        @Override
        public Optional<Topic> findTopic(TopicId id) {
            return topics.stream().filter(topic -> topic.id().equals(id)).findFirst();
        }
    }

    /** Brokers 1, 2 and 3, this one being 1. */
    private final class ThreeBrokers implements DescribeClusterQuery {

        @Override
        public String clusterId() {
            return "cluster";
        }

        @Override
        public int controllerId() {
            return 1;
        }

        @Override
        public BrokerNode localBroker() {
            return new BrokerNode(1, "localhost", 9092);
        }

        @Override
        public List<BrokerNode> brokers() {
            return List.of(localBroker(), new BrokerNode(2, "localhost", 9093), new BrokerNode(3, "localhost", 9094));
        }

        @Override
        public PartitionLeadership leadership(TopicIdPartition partition) {
            return leaderships.getOrDefault(partition.partition(),
                    new PartitionLeadership(1, 0, List.of(1), List.of(1)));
        }

        @Override
        public boolean hasMetadataQuorum() {
            return false;
        }

        @Override
        public CompletableFuture<MetadataQuorum> metadataQuorum() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no metadata quorum"));
        }
    }

    private static final class OneGroup implements DescribeGroupsQuery {

        @Override
        public CompletableFuture<Optional<GroupDescription>> describeGroup(GroupId group) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<List<GroupListing>> listGroups() {
            return CompletableFuture.completedFuture(
                    List.of(new GroupListing(READERS, Optional.of("consumer"), GroupState.EMPTY)));
        }
    }

    /** A consumer group (KIP-848): ListGroups of the classic kind does not name it. */
    private static final class OneConsumerGroup implements ConsumerGroupsQuery {

        @Override
        public Optional<ConsumerGroupDescription> describeConsumerGroup(GroupId group) {
            return Optional.empty();
        }

        @Override
        public List<Listing> listConsumerGroups() {
            return List.of(new Listing(STREAMERS, ConsumerGroupState.STABLE));
        }
    }

    private final class OneGroupsOffsets implements FetchOffsetsQuery {

        @Override
        public CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group) {
            return CompletableFuture.completedFuture(group.equals(READERS) || group.equals(STREAMERS) ? committed : Map.of());
        }

        @Override
        public CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(
                GroupId group, Collection<TopicPartition> partitions) {
            return committedOffsets(group);
        }

        @Override
        public CompletableFuture<Void> checkFetchingMember(GroupId group, Optional<String> memberId, int memberEpoch) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
