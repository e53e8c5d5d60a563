package io.hexalog.application.service;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class LeaderListOffsetsServiceTest {

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

    /** Two brokers, this one node 1; every partition led by {@link #leaderId}. */
    private static final class Leaders implements ClusterView {

        int leaderId = SELF.nodeId();

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
            return new PartitionLeadership(leaderId, 5, List.of(1, 2), List.of(1, 2));
        }

        @Override
        public Optional<String> whyNotJoined() {
            return Optional.empty();
        }
    }

    /** Answers offset 42 at timestamp 99 in leader epoch 5, and notes what it was asked. */
    private static final class RecordingLeader implements RemotePartitionLeader {

        final List<String> asked = new ArrayList<>();

        @Override
        public CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition,
                                                              long timestamp, boolean readCommitted) {
            asked.add("node " + leader.nodeId() + " " + partition.topic().value() + "-" + partition.partition()
                    + " at " + timestamp + " committed=" + readCommitted);
            return CompletableFuture.completedFuture(Optional.of(new Offset(42, OptionalLong.of(99), 5)));
        }
    }
}
