package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaCheckTest {

    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 3, 3);
    private static final TopicIdPartition P0 = ORDERS.partition(0);
    private static final TopicIdPartition P1 = ORDERS.partition(1);
    private static final TopicIdPartition P2 = ORDERS.partition(2);

    /** The position of the first command of the entry at {@code index}. */
    private static long at(long index) {
        return CommandPositions.of(index, 0);
    }

    private static AppliedLogEnd end(long position, long logEndOffset) {
        return new AppliedLogEnd(position, logEndOffset, 0, true);
    }

    private static byte[] leaderAnswers(Map<TopicIdPartition, AppliedLogEnd> ends) {
        return ReplicaCheck.answer(List.of(P0, P1, P2), partition -> Optional.ofNullable(ends.get(partition)));
    }

    private static List<ReplicaCheck.Divergence> compare(byte[] answer, long appliedEntry,
                                                         Map<TopicIdPartition, AppliedLogEnd> here) throws IOException {
        return ReplicaCheck.compare(answer, appliedEntry, partition -> Optional.ofNullable(here.get(partition)));
    }

    @Test
    void shouldPassReplicasAtTheLeadersPositionWithItsLogEndOffset() throws IOException {
        byte[] answer = leaderAnswers(Map.of(P0, end(at(10), 120), P1, end(at(12), 40)));

        assertThat(compare(answer, 12, Map.of(P0, end(at(10), 120), P1, end(at(12), 40)))).isEmpty();
    }

    @Test
    void shouldFindAReplicaThatTookNoAppendTheLeaderTookOrEndsElsewhere() throws IOException {
        byte[] answer = leaderAnswers(Map.of(P0, end(at(10), 120), P1, end(at(12), 40)));

        List<ReplicaCheck.Divergence> diverged = compare(answer, 12,
                Map.of(P0, end(at(7), 100), P1, end(at(12), 41)));

        assertThat(diverged).extracting(ReplicaCheck.Divergence::partition).containsExactly(P0, P1);
        assertThat(diverged.get(0)).isEqualTo(new ReplicaCheck.Divergence(P0, at(10), 120, at(7), 100));
    }

    @Test
    void shouldPassWhatCannotBeToldYet() throws IOException {
        byte[] answer = leaderAnswers(Map.of(P0, end(at(10), 120), P1, end(at(12), 40),
                P2, end(ApplyCommandUseCase.NO_LOG_INDEX, 0)));

        // not applied that far here, moved past the leader's answer, not hosted here, nothing appended
        assertThat(compare(answer, 11, Map.of(P0, end(at(15), 150), P1, end(at(9), 30)))).isEmpty();
    }

    @Test
    void shouldAskWithAQuestionOfItsOwn() {
        assertThat(ReplicaCheck.isQuestion(ReplicaCheck.question())).isTrue();
        assertThat(ReplicaCheck.isQuestion(new byte[] {0x48, 0x58, 0x52, 0x51, 1})).isFalse();
    }
}
