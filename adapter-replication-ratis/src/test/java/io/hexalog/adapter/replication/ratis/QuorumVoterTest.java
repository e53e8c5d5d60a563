package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuorumVoterTest {

    @Test
    void shouldReadKafkasControllerQuorumVotersForm() {
        assertThat(QuorumVoter.parseAll("1@127.0.0.1:9192, 2@broker-2:9193,3@[::1]:9194"))
                .containsExactly(new QuorumVoter(1, "127.0.0.1", 9192), new QuorumVoter(2, "broker-2", 9193),
                        new QuorumVoter(3, "[::1]", 9194));
    }

    @Test
    void shouldNameTheEntryThatIsNotIdAtHostColonPort() {
        assertThatThrownBy(() -> QuorumVoter.parseAll("1@127.0.0.1:9192,2-127.0.0.1:9193"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2-127.0.0.1:9193' is not ID@HOST:PORT");
    }

    @Test
    void shouldRefuseANodeIdGivenTwice() {
        assertThatThrownBy(() -> QuorumVoter.parseAll("1@a:9192,1@b:9193"))
                .hasMessageContaining("Node ID 1 appears twice");
    }
}
