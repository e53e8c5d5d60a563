package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchParams.PartitionFetch;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.FetchResult.PartitionData;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The services that let the driving adapters which are not Kafka clients reach a partition's leader wherever it runs:
 * ListOffsets, Produce and Fetch done here where this broker leads, sent to the leader otherwise.
 */
class ForwardingToTheLeaderTest {

    private static final TopicIdPartition PARTITION = new TopicIdPartition(TopicId.random(), TopicName.of("orders"), 2);
    private static final BrokerNode SELF = new BrokerNode(1, "127.0.0.1", 9092);
    private static final BrokerNode OTHER = new BrokerNode(2, "127.0.0.1", 9093);

    private final Leaders cluster = new Leaders();
    private final List<String> askedLocally = new ArrayList<>();
    private final RecordingLeader remote = new RecordingLeader();
    private final ListOffsetsQuery local = (partition, spec, isolation) -> {
        askedLocally.add(partition + " " + spec);
        return CompletableFuture.completedFuture(Optional.of(new ListedOffset(7, OptionalLong.empty(), 3)));
    };
    private final LeaderListOffsetsService service = new LeaderListOffsetsService(local, cluster, remote);
    private final List<String> appendedLocally = new ArrayList<>();
    private final ProduceUseCase localProduce = command -> {
        appendedLocally.add(command.partition().toString());
        return CompletableFuture.completedFuture(new AppendResult(11, OptionalLong.empty(), 0));
    };
    private final LeaderProduceService produce = new LeaderProduceService(localProduce, cluster, remote);
    private final List<String> fetchedLocally = new ArrayList<>();
    private final FetchRecordsQuery localFetch = query -> {
        query.partitions().forEach(asked -> fetchedLocally.add(asked.partition() + "@" + asked.fetchOffset()));
        return CompletableFuture.completedFuture(new FetchResult(query.partitions().stream()
                .<PartitionData>map(asked -> new PartitionData.Read(asked.partition(), 3, 3, 0, LogSlice.EMPTY))
                .toList()));
    };
    private final LeaderFetchService fetch = new LeaderFetchService(localFetch, cluster, remote);

    @Test
    void shouldLookUpLocallyWhereThisBrokerLeads() {
        cluster.leaderId = SELF.nodeId();

        Optional<ListedOffset> found = service.listOffset(PARTITION, new OffsetSpec.Latest(),
                IsolationLevel.READ_UNCOMMITTED).join();

        assertThat(found).contains(new ListedOffset(7, OptionalLong.empty(), 3));
        assertThat(askedLocally).containsExactly("orders-2 Latest[]");
        assertThat(remote.asked).isEmpty();
    }

    @Test
    void shouldAskTheLeaderOnAnotherBrokerWithKafkasSpecialTimestamps() {
        cluster.leaderId = OTHER.nodeId();

        Optional<ListedOffset> earliest = service.listOffset(PARTITION, new OffsetSpec.Earliest(),
                IsolationLevel.READ_UNCOMMITTED).join();
        service.listOffset(PARTITION, new OffsetSpec.Latest(), IsolationLevel.READ_COMMITTED).join();
        service.listOffset(PARTITION, new OffsetSpec.MaxTimestamp(), IsolationLevel.READ_UNCOMMITTED).join();
        service.listOffset(PARTITION, new OffsetSpec.ForTimestamp(1_700_000_000_000L),
                IsolationLevel.READ_UNCOMMITTED).join();

        assertThat(earliest).contains(new ListedOffset(42, OptionalLong.of(99), 5));
        assertThat(remote.asked).containsExactly(
                "node 2 orders-2 at -2 committed=false",
                "node 2 orders-2 at -1 committed=true",
                "node 2 orders-2 at -3 committed=false",
                "node 2 orders-2 at 1700000000000 committed=false");
        assertThat(askedLocally).isEmpty();
    }

    @Test
    void shouldFailAsRetriableWhileThePartitionHasNoLeader() {
        cluster.leaderId = PartitionLeadership.NO_LEADER;

        Throwable thrown = catchThrowable(() -> service.listOffset(PARTITION, new OffsetSpec.Latest(),
                IsolationLevel.READ_UNCOMMITTED).join());

        assertThat(thrown).hasCauseInstanceOf(NotLeaderOrFollowerException.class)
                .hasMessageContaining("orders-2 has no leader now");
        assertThat(remote.asked).isEmpty();
    }

    @Test
    void shouldFindNothingInTieredStorageWithoutAskingAnyone() {
        cluster.leaderId = OTHER.nodeId();

        assertThat(service.listOffset(PARTITION, new OffsetSpec.Tiered(), IsolationLevel.READ_UNCOMMITTED).join())
                .isEmpty();
        assertThat(remote.asked).isEmpty();
    }

    @Test
    void shouldAppendLocallyWhereThisBrokerLeadsAndOnTheLeaderElsewhere() {
        cluster.leaderId = SELF.nodeId();
        AppendResult here = produce.append(new AppendRecordsCommand(PARTITION, List.of())).join();
        cluster.leaderId = OTHER.nodeId();
        AppendResult there = produce.append(new AppendRecordsCommand(PARTITION, List.of())).join();

        assertThat(here.baseOffset()).isEqualTo(11);
        assertThat(here.forwarded()).isFalse();
        assertThat(appendedLocally).containsExactly("orders-2");
        assertThat(there).isEqualTo(new AppendResult(21, OptionalLong.of(1234), 2, true));
        assertThat(remote.asked).containsExactly("produce to node 2 orders-2");
    }

    @Test
    void shouldFetchEachPartitionWhereItIsLedAndAnswerInTheOrderAsked() {
        TopicIdPartition other = new TopicIdPartition(PARTITION.topicId(), PARTITION.topic(), 3);
        cluster.leaderId = OTHER.nodeId();
        cluster.ledHere = other;

        FetchResult result = fetch.fetch(new FetchParams(List.of(new PartitionFetch(PARTITION, 5, 1000),
                new PartitionFetch(other, 7, 1000)), Duration.ZERO, 0, 1000, IsolationLevel.READ_UNCOMMITTED)).join();

        assertThat(result.partitions()).extracting(PartitionData::partition).containsExactly(PARTITION, other);
        assertThat(((PartitionData.Read) result.partitions().get(0)).highWatermark()).isEqualTo(9);
        assertThat(fetchedLocally).containsExactly("orders-3@7");
        assertThat(remote.asked).containsExactly("fetch from node 2 orders-2 at 5 up to 1000 bytes");
    }

    @Test
    void shouldNotSendAReadCommittedFetchToAnotherBroker() {
        cluster.leaderId = OTHER.nodeId();

        FetchResult result = fetch.fetch(new FetchParams(List.of(new PartitionFetch(PARTITION, 0, 1000)),
                Duration.ZERO, 0, 1000, IsolationLevel.READ_COMMITTED)).join();

        assertThat(result.partitions()).singleElement().isInstanceOfSatisfying(PartitionData.Failed.class,
                failed -> assertThat(failed.error()).isInstanceOf(NotLeaderOrFollowerException.class));
        assertThat(remote.asked).isEmpty();
    }

    /** Two brokers, this one node 1; every partition led by {@link #leaderId}, but {@link #ledHere} by this one. */
    private static final class Leaders implements ClusterView {

        int leaderId = SELF.nodeId();
        TopicIdPartition ledHere;

        @Override
        public String clusterId() {
            return "cluster";
        }

        @Override
        public BrokerNode localBroker() {
            return SELF;
        }

        @Override
        public List<BrokerNode> brokers() {
            return List.of(SELF, OTHER);
        }

        @Override
        public int controllerId() {
            return SELF.nodeId();
        }

        @Override
        public PartitionLeadership leadership(TopicIdPartition partition) {
            int leader = partition.equals(ledHere) ? SELF.nodeId() : leaderId;
            return new PartitionLeadership(leader, 5, List.of(1, 2), List.of(1, 2));
        }

        @Override
        public Optional<String> whyNotJoined() {
            return Optional.empty();
        }
    }

    /**
     * Answers offset 42 at timestamp 99 in leader epoch 5, appends at offset 21, reads a high watermark of 9, and
     * notes what it was asked.
     */
    private static final class RecordingLeader implements RemotePartitionLeader {

        final List<String> asked = new ArrayList<>();

        @Override
        public CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition,
                                                              long timestamp, boolean readCommitted) {
            asked.add("node " + leader.nodeId() + " " + partition.topic().value() + "-" + partition.partition()
                    + " at " + timestamp + " committed=" + readCommitted);
            return CompletableFuture.completedFuture(Optional.of(new Offset(42, OptionalLong.of(99), 5)));
        }

        @Override
        public CompletableFuture<Appended> produce(BrokerNode leader, TopicPartition partition,
                                                   List<RecordBatch> batches) {
            asked.add("produce to node " + leader.nodeId() + " " + partition.topic().value() + "-"
                    + partition.partition());
            return CompletableFuture.completedFuture(new Appended(21, OptionalLong.of(1234), 2));
        }

        @Override
        public CompletableFuture<Read> fetch(BrokerNode leader, TopicPartition partition, long fetchOffset,
                                             int maxBytes, Duration maxWait, int minBytes) {
            asked.add("fetch from node " + leader.nodeId() + " " + partition.topic().value() + "-"
                    + partition.partition() + " at " + fetchOffset + " up to " + maxBytes + " bytes");
            return CompletableFuture.completedFuture(new Read(9, 9, 0, List.of()));
        }
    }
}
