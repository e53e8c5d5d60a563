package io.hexalog.application.service;

import io.hexalog.application.fake.GatedCommittedOffsetStore;
import io.hexalog.application.fake.GatedCommittedOffsetStore.Gate;
import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offset commits on a real thread pool, with a store that holds one group's commits as a slow disk would: the
 * commits of one group wait for each other, those of other groups, and the group itself, do not.
 */
class CommitOffsetsConcurrencyTest {

    private static final GroupId SLOW = GroupId.of("slow");
    private static final GroupId FAST = GroupId.of("fast");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);
    private static final long MAX_WAIT_MS = GatedCommittedOffsetStore.MAX_WAIT.toMillis();

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final GatedCommittedOffsetStore store = new GatedCommittedOffsetStore();
    private final CoreOnFakes broker = new CoreOnFakes(store, pool);

    CommitOffsetsConcurrencyTest() {
        broker.createTopic("orders", 1);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void shouldNotDelayACommitOfOneGroupBehindAnotherGroupsCommitThatWaitsOnStorage() throws Exception {
        Gate gate = store.closeGateOf(SLOW);
        CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> slow = commit(SLOW, 5);
        assertThat(gate.awaitArrival()).isTrue();

        Map<TopicPartition, Optional<HexalogException>> fast = commit(FAST, 7).get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(fast.get(ORDERS_0)).isEmpty();
        assertThat(store.offsets(FAST).get(ORDERS_0).offset()).isEqualTo(7);
        assertThat(slow).isNotDone();
        gate.open();
        assertThat(slow.get(MAX_WAIT_MS, TimeUnit.MILLISECONDS).get(ORDERS_0)).isEmpty();
        assertThat(store.offsets(SLOW).get(ORDERS_0).offset()).isEqualTo(5);
    }

    @Test
    void shouldStoreTheCommitsOfOneGroupInTheOrderTheyWereMade() throws Exception {
        Gate gate = store.closeGateOf(SLOW);
        CompletableFuture<?> first = commit(SLOW, 5);
        assertThat(gate.awaitArrival()).isTrue();

        CompletableFuture<?> second = commit(SLOW, 6);

        assertThat(second).isNotDone();
        gate.open();
        second.get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(first).isDone();
        assertThat(store.offsets(SLOW).get(ORDERS_0).offset()).isEqualTo(6);
    }

    @Test
    void shouldDescribeAGroupAtOnceWhileItsCommitWaitsOnStorage() throws Exception {
        commit(SLOW, 1).get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        Gate gate = store.closeGateOf(SLOW);
        CompletableFuture<?> held = commit(SLOW, 5);
        assertThat(gate.awaitArrival()).isTrue();

        CompletableFuture<Optional<GroupDescription>> described = CompletableFuture
                .supplyAsync(() -> broker.core.describeGroups().describeGroup(SLOW))
                .thenCompose(description -> description);

        assertThat(described.get(MAX_WAIT_MS / 2, TimeUnit.MILLISECONDS))
                .hasValueSatisfying(group -> assertThat(group.state()).isEqualTo(GroupState.EMPTY));
        assertThat(held).isNotDone();
        gate.open();
        held.get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commit(GroupId group, long offset) {
        return broker.core.commitOffsets().commitOffsets(new CommitOffsetsCommand(group, new Committer.Unmanaged(),
                Map.of(ORDERS_0, new PartitionOffset(offset, OptionalInt.empty(), ""))));
    }
}
