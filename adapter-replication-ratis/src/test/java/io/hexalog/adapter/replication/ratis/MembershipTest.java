package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipTest {

    private final Membership membership = new Membership();

    MembershipTest() {
        for (int node = 1; node <= 3; node++) {
            membership.register(new BrokerNode(node, "127.0.0.1", 9091 + node));
        }
    }

    @Test
    void shouldCountEveryRegisteredBrokerAsLiveUntilTheLeaderHasSaid() {
        assertThat(membership.isLive(3)).isTrue();

        assertThat(membership.live(Set.of(1, 2))).as("the first set told is a change").isTrue();

        assertThat(membership.isLive(3)).isFalse();
        assertThat(membership.isLive(1)).isTrue();
    }

    @Test
    void shouldSayWhetherTheLiveBrokersTheLeaderToldChanged() {
        membership.live(Set.of(1, 2, 3));

        assertThat(membership.live(Set.of(3, 2, 1))).as("the same set again").isFalse();
        assertThat(membership.live(Set.of(1, 3))).as("a node gone").isTrue();
        assertThat(membership.live(Set.of(1, 3))).as("told twice").isFalse();
        assertThat(membership.live(Set.of(1, 2, 3))).as("the node back").isTrue();
        assertThat(membership.liveSet()).containsExactlyInAnyOrder(1, 2, 3);
    }
}
