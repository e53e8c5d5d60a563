package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker asking a partition's leader on another broker over a real socket: the leader's listener answers
 * ListOffsets, Produce and Fetch with its own handlers, and its answers and errors come back as the port says.
 */
class KafkaRemotePartitionLeaderTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EmbeddedBroker leaderBroker = new EmbeddedBroker();
    private final KafkaServer listener = new KafkaServer(
            new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
            leaderBroker.handlers(), ProtocolTrace.off(), leaderBroker.fetchMemory(),
            new RecordingFatalErrorHandler());
    private final KafkaRemotePartitionLeader remote =
            KafkaProtocolAdapter.remotePartitionLeader("broker-2", Duration.ofSeconds(2));
    private BrokerNode leader;

    @BeforeEach
    void startLeader() throws Exception {
        listener.start();
        leader = new BrokerNode(1, "127.0.0.1", listener.boundAddress().getPort());
        leaderBroker.createTopic("orders", 1);
    }

    @AfterEach
    void stop() {
        remote.close();
        listener.close();
    }

    @Test
    void shouldProduceOnTheLeaderAndReadTheSameBatchesAndOffsetsBack() throws Exception {
        // when
        RemotePartitionLeader.Appended first = get(remote.produce(leader, ORDERS_0,
                List.of(aBatch().withRecords(2).build())));
        RemotePartitionLeader.Appended second = get(remote.produce(leader, ORDERS_0,
                List.of(aBatch().withRecords(3).build())));

        // then
        assertThat(first.baseOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(get(remote.listOffset(leader, ORDERS_0, RemotePartitionLeader.EARLIEST_TIMESTAMP, false)))
                .hasValueSatisfying(offset -> assertThat(offset.offset()).isZero());
        assertThat(get(remote.listOffset(leader, ORDERS_0, RemotePartitionLeader.LATEST_TIMESTAMP, false)))
                .hasValueSatisfying(offset -> assertThat(offset.offset()).isEqualTo(5));
        RemotePartitionLeader.Read read = get(remote.fetch(leader, ORDERS_0, 0, 1024 * 1024, Duration.ZERO, 0));
        assertThat(read.highWatermark()).isEqualTo(5);
        assertThat(read.batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L);
        assertThat(read.batches()).extracting(RecordBatch::lastOffset).containsExactly(1L, 4L);
    }

    @Test
    void shouldFindNoOffsetForATimestampAfterEveryRecord() throws Exception {
        get(remote.produce(leader, ORDERS_0, List.of(aBatch().withRecords(1).build())));

        Optional<RemotePartitionLeader.Offset> found = get(remote.listOffset(leader, ORDERS_0, Long.MAX_VALUE / 2,
                false));

        assertThat(found).isEmpty();
    }

    @Test
    void shouldGiveTheLeadersErrorsAsTheBrokersOwn() throws Exception {
        TopicPartition unknown = new TopicPartition(TopicName.of("nowhere"), 0);

        assertThat(failureOf(remote.produce(leader, unknown, List.of(aBatch().withRecords(1).build()))))
                .isInstanceOf(UnknownTopicOrPartitionException.class).hasMessageContaining("node 1");
        assertThat(failureOf(remote.fetch(leader, ORDERS_0, 10, 1024, Duration.ZERO, 0)))
                .isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldFailAsNotLeaderWhenTheLeaderCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Throwable unreachable = failureOf(remote.listOffset(new BrokerNode(3, "127.0.0.1", closedPort), ORDERS_0,
                RemotePartitionLeader.LATEST_TIMESTAMP, false));

        assertThat(unreachable).isInstanceOf(NotLeaderOrFollowerException.class).hasMessageContaining("node 3");
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        Throwable failure = future.handle((done, thrown) -> thrown).join();
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
