package io.hexalog.application.service;

import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.hexalog.application.service.SampleBatches.records;
import static io.hexalog.application.service.SampleBatches.withTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

/** DescribeProducers: the producer state of a partition, read from any of its replicas. */
class DescribeProducersServiceTest {

    private static final long TRANSACTIONAL = 7L;
    private static final long IDEMPOTENT = 9L;

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("payments", 2).partition(0);

    @Test
    void shouldDescribeNoProducerOfAPartitionWrittenWithoutIdempotence() {
        broker.appendNow(partition, records(3).build());

        assertThat(broker.core.describeProducers().describeProducers(partition).join()).isEmpty();
    }

    @Test
    void shouldDescribeAnOpenTransactionWithItsStartOffsetAndAnIdempotentProducerWithout() {
        // given
        broker.appendNow(partition, records(2).build());
        broker.appendNow(partition, withTimestamps(500L, 600L).producer(TRANSACTIONAL, 1, 0).transactional().build());
        broker.appendNow(partition, withTimestamps(700L).producer(IDEMPOTENT, 0, 0).build());

        // when
        List<ActiveProducer> producers = broker.core.describeProducers().describeProducers(partition).join();

        // then
        assertThat(producers).containsExactly(
                new ActiveProducer(TRANSACTIONAL, (short) 1, 1, 600L, -1, 2L),
                new ActiveProducer(IDEMPOTENT, (short) 0, 0, 700L, -1, -1L));
    }

    @Test
    void shouldRefuseAPartitionTheBrokerDoesNotHost() {
        TopicIdPartition unknown = Topic.create(TopicName.of("nope"), 1).partition(0);

        assertThat(broker.core.describeProducers().describeProducers(unknown))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldDescribeTheProducersOfAPartitionItFollowsAsKafkasFollowersDo() {
        // given a broker whose replica of a partition holds an open transaction, when another broker leads it
        ElectableClusterFake cluster = new ElectableClusterFake(2);
        CoreOnFakes follower = new CoreOnFakes(cluster);
        TopicIdPartition followed = follower.createTopic("payments", 1).partition(0);
        follower.appendNow(followed, withTimestamps(500L).producer(TRANSACTIONAL, 1, 0).transactional().build());
        cluster.lead(followed, 1);

        // then it answers from its replica
        assertThat(follower.core.describeProducers().describeProducers(followed).join())
                .containsExactly(new ActiveProducer(TRANSACTIONAL, (short) 1, 0, 500L, -1, 0L));
    }

    @Test
    void shouldRefuseAPartitionOfWhichItHoldsNoReplica() {
        ElectableClusterFake cluster = new ElectableClusterFake(3);
        CoreOnFakes elsewhere = new CoreOnFakes(cluster);
        TopicIdPartition placed = elsewhere.createTopic("payments", 1).partition(0);
        cluster.place(placed, List.of(1, 2));

        assertThat(elsewhere.core.describeProducers().describeProducers(placed))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }
}
