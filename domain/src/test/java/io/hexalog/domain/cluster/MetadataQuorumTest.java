package io.hexalog.domain.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataQuorumTest {

    private static final MetadataQuorum.Voter ONE = voter(1);
    private static final MetadataQuorum.Voter TWO = voter(2);

    @Test
    void shouldHoldItsVotersInTheirOrder() {
        assertThat(new MetadataQuorum(2, 3, 40, List.of(ONE, TWO)).voters()).containsExactly(ONE, TWO);
    }

    @Test
    void shouldRefuseALeaderThatIsNoVoter() {
        assertThatThrownBy(() -> new MetadataQuorum(3, 3, 40, List.of(ONE, TWO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not among the voters");
    }

    @Test
    void shouldRefuseAVoterListedTwice() {
        assertThatThrownBy(() -> new MetadataQuorum(1, 3, 40, List.of(ONE, TWO, ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void shouldRefuseANegativeEpochOrHighWatermark() {
        assertThatThrownBy(() -> new MetadataQuorum(1, -1, 40, List.of(ONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetadataQuorum(1, 0, -1, List.of(ONE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MetadataQuorum.Voter voter(int nodeId) {
        return new MetadataQuorum.Voter(nodeId, "127.0.0.1", 9191 + nodeId, 40, MetadataQuorum.UNKNOWN,
                MetadataQuorum.UNKNOWN);
    }
}
