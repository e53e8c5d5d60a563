package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderWatchTest {

    private static final RaftPeerId NODE_1 = RaftPeerId.valueOf("node-1");
    private static final RaftPeerId NODE_2 = RaftPeerId.valueOf("node-2");

    private final LeaderWatch watch = new LeaderWatch();

    @Test
    void shouldLetACopyGoOnWhileTheSameMemberLeads() {
        CompletableFuture<Void> left = watch.watch(() -> NODE_1);

        assertThat(watch.leaderChanged(NODE_1)).isEmpty();
        assertThat(left).isNotDone();
    }

    @Test
    void shouldTellTheCopyOnceAnotherMemberLeadsAndSayWhichLeaderItLeft() {
        CompletableFuture<Void> left = watch.watch(() -> NODE_1);

        assertThat(watch.leaderChanged(NODE_2)).contains(NODE_1);
        assertThat(left).isDone();
        assertThat(watch.leaderChanged(null)).as("said once").isEmpty();
    }

    @Test
    void shouldTellTheCopyOnceNoMemberLeads() {
        CompletableFuture<Void> left = watch.watch(() -> NODE_1);

        assertThat(watch.leaderChanged(null)).contains(NODE_1);
        assertThat(left).isDone();
    }

    @Test
    void shouldTellTheCopyOfAChangeBetweenTheLookAndTheWatch() {
        Deque<RaftPeerId> looks = new ArrayDeque<>(List.of(NODE_1, NODE_2));

        CompletableFuture<Void> left = watch.watch(looks::poll);

        assertThat(left).isDone();
    }

    @Test
    void shouldWatchNothingWhenNoLeaderIsKnownAsTheCopyBegins() {
        CompletableFuture<Void> left = watch.watch(() -> null);

        assertThat(watch.leaderChanged(NODE_2)).isEmpty();
        assertThat(left).isNotDone();
    }

    @Test
    void shouldWatchNothingOnceTheCopyEnded() {
        CompletableFuture<Void> left = watch.watch(() -> NODE_1);
        watch.stop();

        assertThat(watch.leaderChanged(NODE_2)).isEmpty();
        assertThat(left).isNotDone();
    }

    @Test
    void shouldWatchOnlyTheLeaderOfTheLatestCopy() {
        CompletableFuture<Void> first = watch.watch(() -> NODE_1);
        watch.stop();
        CompletableFuture<Void> second = watch.watch(() -> NODE_2);

        assertThat(watch.leaderChanged(NODE_1)).contains(NODE_2);
        assertThat(first).isNotDone();
        assertThat(second).isDone();
    }
}
