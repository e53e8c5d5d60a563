package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.InSyncReplicas.Follower;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FollowerToAskTest {

    /** Silent for as long as it takes to no longer count as answering the leader. */
    private static final long SILENT = InSyncReplicas.Follower.ANSWERING_WITHIN_MS;

    private static final int PRIORITY = 1;
    private static final byte[] QUESTION = "where do the partitions end?".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = "at 42".getBytes(StandardCharsets.UTF_8);
    private static final AnsweringMember REFUSING = question -> {
        throw new IOException("its partitions do not match its applied index");
    };

    private final FollowerToAsk choice = new FollowerToAsk();

    @Test
    void shouldAskTheAnsweringFollowerWhoseLogHoldsTheMostOfThoseThatKeptTheirPlace() {
        assertThat(choice.choose(List.of(new Follower(1, 90, 0, PRIORITY), new Follower(2, 120, SILENT, PRIORITY),
                new Follower(3, 130, 0, YieldedPriorities.YIELDED_PRIORITY), new Follower(4, 100, 0, PRIORITY))))
                .hasValueSatisfying(follower -> assertThat(follower.nodeId()).isEqualTo(4));
        assertThat(choice.choose(List.of(new Follower(2, 120, SILENT, PRIORITY)))).isEmpty();
    }

    @Test
    void shouldPassOverAFollowerThatRefusedForAnotherUntilEveryOneRefused() {
        List<Follower> followers = List.of(new Follower(2, 120, 0, PRIORITY), new Follower(3, 110, 0, PRIORITY));

        assertThatThrownBy(() -> choice.noting(2, REFUSING).ask(QUESTION)).isInstanceOf(IOException.class);
        assertThat(choice.choose(followers)).map(Follower::nodeId).hasValue(3);

        assertThatThrownBy(() -> choice.noting(3, REFUSING).ask(QUESTION)).isInstanceOf(IOException.class);
        assertThat(choice.choose(followers)).as("every follower refused: asked again from the first")
                .map(Follower::nodeId).hasValue(2);
    }

    @Test
    void shouldAskAFollowerAgainOnceItAnswered() throws IOException {
        List<Follower> followers = List.of(new Follower(2, 120, 0, PRIORITY), new Follower(3, 110, 0, PRIORITY));
        assertThatThrownBy(() -> choice.noting(2, REFUSING).ask(QUESTION)).isInstanceOf(IOException.class);

        assertThat(choice.noting(2, question -> ANSWER).ask(QUESTION)).isEqualTo(ANSWER);

        assertThat(choice.choose(followers)).map(Follower::nodeId).hasValue(2);
    }
}
