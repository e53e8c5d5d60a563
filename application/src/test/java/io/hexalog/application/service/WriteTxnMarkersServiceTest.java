package io.hexalog.application.service;

import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/** WriteTxnMarkers: an operator ends a hanging transaction with the marker its coordinator never wrote. */
class WriteTxnMarkersServiceTest {

    private static final long HANGING = 31L;

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("stuck", 1).partition(0);

    @Test
    void shouldEndAHangingTransactionAndLetTheLastStableOffsetMovePastIt() {
        // given
        broker.appendNow(partition, records(2).producer(HANGING, 3, 0).transactional().build());
        broker.appendNow(partition, records(1).build());
        assertThat(broker.partitions.get(partition).offsets().lastStableOffset()).isZero();

        // when
        long markerOffset = broker.core.writeTxnMarkers().writeMarker(partition, HANGING, (short) 3, 0, false).join();

        // then
        assertThat(markerOffset).isEqualTo(3);
        assertThat(broker.partitions.get(partition).offsets().lastStableOffset()).isEqualTo(4);
        assertThat(broker.core.describeProducers().describeProducers(partition).join())
                .singleElement().satisfies(producer -> assertThat(producer.hasOngoingTransaction()).isFalse());
    }

    @Test
    void shouldRefuseAMarkerOfAnOlderEpochThanTheProducers() {
        broker.appendNow(partition, records(1).producer(HANGING, 3, 0).transactional().build());

        assertThat(broker.core.writeTxnMarkers().writeMarker(partition, HANGING, (short) 2, 0, false))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(broker.partitions.get(partition).offsets().lastStableOffset()).isZero();
    }

    @Test
    void shouldRefuseAPartitionAnotherBrokerLeads() {
        ElectableClusterFake cluster = new ElectableClusterFake(2);
        CoreOnFakes follower = new CoreOnFakes(cluster);
        TopicIdPartition followed = follower.createTopic("stuck", 1).partition(0);
        cluster.lead(followed, 1);

        assertThat(follower.core.writeTxnMarkers().writeMarker(followed, HANGING, (short) 0, 0, false))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }
}
