package io.hexalog.application.fake;

import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteGroupOffsets;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class MiniatureApplierFakeTest {

    private final MiniatureApplierFake applier = new MiniatureApplierFake(100);

    @Test
    void shouldHandOutProducerIdBlocksInTurn() {
        assertThat(applier.apply(new ClaimProducerIds(5), 0).join()).isZero();
        assertThat(applier.apply(new ClaimProducerIds(5), 0).join()).isEqualTo(100);
    }

    @Test
    void shouldRefuseATopicNameAnotherTopicTookButTakeTheSameTopicAgain() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        applier.apply(new CreateTopic(orders), 0).join();

        assertThat(applier.apply(new CreateTopic(orders), 0).join()).isEqualTo(orders);
        assertThat(applier.apply(new CreateTopic(Topic.create(TopicName.of("orders"), 2)), 0))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TopicAlreadyExistsException.class);
    }

    @Test
    void shouldGiveAPartitionsAppendsConsecutiveOffsets() {
        TopicIdPartition partition = Topic.create(TopicName.of("orders"), 1).partition(0);

        Appended first = applier.apply(new AppendBatches(partition, List.of(aBatch().withRecords(3).build())), 0).join();
        Appended second = applier.apply(new AppendBatches(partition, List.of(aBatch().build())), 0).join();

        assertThat(first.firstOffset()).isZero();
        assertThat(second.firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldRememberWhatItAppliedInOrderWithItsLeaderEpoch() {
        applier.apply(new ClaimProducerIds(5), 2);
        applier.apply(new DeleteGroupOffsets(new GroupId("payments")), 3);

        assertThat(applier.applied()).containsExactly(new ClaimProducerIds(5), new DeleteGroupOffsets(new GroupId("payments")));
        assertThat(applier.epochs()).containsExactly(2, 3);
    }
}
