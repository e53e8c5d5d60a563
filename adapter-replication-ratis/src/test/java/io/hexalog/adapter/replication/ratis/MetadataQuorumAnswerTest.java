package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.MetadataQuorum;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataQuorumAnswerTest {

    private static final MetadataQuorum QUORUM = new MetadataQuorum(3, 12, 4_200, List.of(
            new MetadataQuorum.Voter(1, "10.0.0.1", 9192, MetadataQuorum.UNKNOWN, MetadataQuorum.UNKNOWN,
                    MetadataQuorum.UNKNOWN),
            new MetadataQuorum.Voter(2, "broker-2.example", 9193, 4_180, 1_765_000_000_000L, MetadataQuorum.UNKNOWN),
            new MetadataQuorum.Voter(3, "10.0.0.3", 9194, 4_201, MetadataQuorum.UNKNOWN, 1_765_000_000_100L)));

    @Test
    void shouldReadBackTheQuorumItWrote() throws IOException {
        assertThat(MetadataQuorumAnswer.decode(MetadataQuorumAnswer.encode(QUORUM))).isEqualTo(QUORUM);
    }

    @Test
    void shouldTellItsQuestionFromTheOtherQueries() {
        assertThat(MetadataQuorumAnswer.isQuestion(MetadataQuorumAnswer.question())).isTrue();
        assertThat(MetadataQuorumAnswer.isQuestion(ReplicaCheck.question())).isFalse();
        assertThat(MetadataQuorumAnswer.isQuestion(new byte[0])).isFalse();
    }

    @Test
    void shouldRefuseAnAnswerCutShortOrTooLong() {
        byte[] answer = MetadataQuorumAnswer.encode(QUORUM);
        assertThatThrownBy(() -> MetadataQuorumAnswer.decode(Arrays.copyOf(answer, answer.length - 3)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> MetadataQuorumAnswer.decode(Arrays.copyOf(answer, answer.length + 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("too many");
    }
}
