package io.hexalog.domain.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLeadershipTest {

    private final PartitionLeadership ledByOne = new PartitionLeadership(1, 4, List.of(1, 2), List.of(1, 2));

    @Test
    void shouldHaveNoOfflineReplicaUnlessOneIsNamed() {
        assertThat(ledByOne.offlineReplicas()).isEmpty();
        assertThat(ledByOne.isLeaderOffline()).isFalse();
    }

    @Test
    void shouldLoseItsLeaderWhenTheLeadingReplicaGoesOffline() {
        PartitionLeadership offline = ledByOne.withReplicaOffline(1);

        assertThat(offline.leaderId()).isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(offline.leaderEpoch()).isEqualTo(4);
        assertThat(offline.replicas()).containsExactly(1, 2);
        assertThat(offline.inSyncReplicas()).containsExactly(2);
        assertThat(offline.offlineReplicas()).containsExactly(1);
        assertThat(offline.isLeaderOffline()).isTrue();
    }

    @Test
    void shouldKeepItsLeaderWhenAFollowerGoesOffline() {
        PartitionLeadership offline = ledByOne.withReplicaOffline(2);

        assertThat(offline.leaderId()).isEqualTo(1);
        assertThat(offline.inSyncReplicas()).containsExactly(1);
        assertThat(offline.offlineReplicas()).containsExactly(2);
        assertThat(offline.isLeaderOffline()).isFalse();
    }

    @Test
    void shouldNameAnOfflineReplicaOnce() {
        assertThat(ledByOne.withReplicaOffline(1).withReplicaOffline(1).offlineReplicas()).containsExactly(1);
    }

    @Test
    void shouldRefuseAnOfflineLeader() {
        assertThatThrownBy(() -> new PartitionLeadership(1, 0, List.of(1), List.of(), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offline");
    }

    @Test
    void shouldBeElectingALeaderOnlyWhenItHasNone() {
        assertThat(ledByOne.electing()).isFalse();
        assertThat(new PartitionLeadership(PartitionLeadership.NO_LEADER, 4, List.of(1, 2), List.of(1, 2), List.of(),
                true).electing()).isTrue();
        assertThatThrownBy(() -> new PartitionLeadership(1, 4, List.of(1, 2), List.of(1, 2), List.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not electing");
    }

    @Test
    void shouldStopElectingWhenItsLeaderWentOfflineRatherThanAwayAndGoOnWhenAFollowerDid() {
        PartitionLeadership electing = new PartitionLeadership(PartitionLeadership.NO_LEADER, 4, List.of(1, 2),
                List.of(1, 2), List.of(), true);

        assertThat(ledByOne.withReplicaOffline(1).electing()).isFalse();
        assertThat(electing.withReplicaOffline(2).electing()).isTrue();
    }
}
