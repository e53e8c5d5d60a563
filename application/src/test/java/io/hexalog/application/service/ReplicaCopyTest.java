package io.hexalog.application.service;

import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.ReplicaImage;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition replica copied from one broker to another that lost its data or was left behind (ADR 14), through the
 * use case the replicated log's adapter drives, in chunks smaller than the partition: the copy holds the same
 * batches, byte for byte, from the leader's log start offset, knows the leader's producers (a retried batch is a
 * duplicate), and takes the next append after the copied end.
 */
class ReplicaCopyTest {

    private static final long PRODUCER = 7;

    private final CoreOnFakes leader = new CoreOnFakes();
    private final CoreOnFakes follower = new CoreOnFakes();
    private int copiedBatches;

    @Test
    void shouldCopyAPartitionWithItsProducersIntoAnEmptyOneThatThenAppendsAfterIt() {
        TopicIdPartition partition = hostOnBoth(leader.createTopic("orders", 1));
        for (int sequence = 0; sequence < 30; sequence += 3) {
            leader.appendNow(partition, idempotent(sequence));
        }
        leader.appendNow(partition, aBatch().withRecords(4).build());
        leader.deleteRecords.deleteRecordsBefore(partition, 5).join();

        ReplicaImage image = copy(partition);

        StoredLogState copied = follower.store.open(partition);
        assertThat(copied.logStartOffset()).isEqualTo(5);
        assertThat(copied.logEndOffset()).isEqualTo(34);
        assertThat(copied.producerStates()).isEqualTo(image.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.producerId()).isEqualTo(PRODUCER));
        assertThat(hex(follower, partition)).containsExactlyElementsOf(hex(leader, partition));
        // the producer retries its last batch against the copy: the original offset, nothing appended
        assertThat(follower.appendNow(partition, idempotent(27))).isEqualTo(27);
        assertThat(follower.appendNow(partition, idempotent(30))).isEqualTo(34);
    }

    @Test
    void shouldCopyOnlyTheBatchesAReplicaLeftBehindLacks() {
        TopicIdPartition partition = hostOnBoth(leader.createTopic("orders", 1));
        for (int sequence = 0; sequence < 12; sequence += 3) {
            RecordBatch batch = idempotent(sequence);
            leader.appendNow(partition, batch);
            follower.appendNow(partition, batch);
        }
        for (int sequence = 12; sequence < 30; sequence += 3) {
            leader.appendNow(partition, idempotent(sequence));
        }

        copy(partition);

        assertThat(copiedBatches).as("batches copied").isEqualTo(6);
        assertThat(follower.store.open(partition).logEndOffset()).isEqualTo(30);
        assertThat(hex(follower, partition)).containsExactlyElementsOf(hex(leader, partition));
        assertThat(follower.appendNow(partition, idempotent(27))).as("a retry of the last batch").isEqualTo(27);
    }

    @Test
    void shouldDropWhatAReplicaLeftBehindHoldsWhenTheLeadersLogNowStartsPastIt() {
        TopicIdPartition partition = hostOnBoth(leader.createTopic("orders", 1));
        for (int batch = 0; batch < 10; batch++) {
            RecordBatch records = aBatch().withRecords(2).build();
            leader.appendNow(partition, records);
            if (batch < 3) {
                follower.appendNow(partition, records);
            }
        }
        leader.deleteRecords.deleteRecordsBefore(partition, 12).join();

        copy(partition);

        StoredLogState copied = follower.store.open(partition);
        assertThat(copied.logStartOffset()).isEqualTo(12);
        assertThat(copied.logEndOffset()).isEqualTo(20);
        assertThat(hex(follower, partition)).hasSize(4).containsExactlyElementsOf(hex(leader, partition));
        assertThat(follower.store.read(partition, 0, 12, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join()
                .batches()).as("batches below the copy's log start").isEmpty();
    }

    @Test
    void shouldListThePartitionsTheBrokerHosts() {
        Topic topic = leader.createTopic("orders", 3);

        assertThat(leader.core.copyReplicas().hostedPartitions())
                .containsExactlyInAnyOrder(topic.partition(0), topic.partition(1), topic.partition(2));
    }

    /** Copies the partition as the replicated log's adapter does, 100 bytes at a time (at least a batch). */
    private ReplicaImage copy(TopicIdPartition partition) {
        CopyReplicaUseCase from = leader.core.copyReplicas();
        CopyReplicaUseCase into = follower.core.copyReplicas();
        ReplicaImage image = from.image(partition).join();
        long next = into.prepareInstall(partition, image.logStartOffset()).join();
        while (next < image.logEndOffset()) {
            List<RecordBatch> batches = from.batches(partition, next, image.logEndOffset(), 100).join();
            into.installBatches(partition, batches).join();
            copiedBatches += batches.size();
            next = batches.get(batches.size() - 1).nextOffset();
        }
        into.completeInstall(partition, image).join();
        return image;
    }

    private TopicIdPartition hostOnBoth(Topic topic) {
        follower.core.applyCommands().apply(new ReplicatedCommand.CreateTopic(topic), 0).join();
        return topic.partition(0);
    }

    private static RecordBatch idempotent(int baseSequence) {
        return aBatch().withProducer(PRODUCER, (short) 0, baseSequence).withRecords(3).build();
    }

    private static List<String> hex(CoreOnFakes broker, TopicIdPartition partition) {
        StoredLogState state = broker.store.open(partition);
        return broker.store.read(partition, state.logStartOffset(), Long.MAX_VALUE,
                        ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join().batches().stream()
                .map(batch -> {
                    ByteBuffer bytes = batch.bytes();
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    return HexFormat.of().formatHex(copy);
                }).toList();
    }
}
