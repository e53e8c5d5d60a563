package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import static io.hexalog.adapter.replication.ratis.SnapshotPlacement.NONE;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPlacementTest {

    private static final boolean SHARD = true;
    private static final boolean METADATA = false;

    @Test
    void shouldSnapshotAtTheAppliedIndexOnceEveryMemberHasCommittedIt() {
        assertThat(SnapshotPlacement.at(40, 40, -1, 20, METADATA)).isEqualTo(40);
        assertThat(SnapshotPlacement.at(40, 45, -1, 20, SHARD)).isEqualTo(40);
    }

    @Test
    void shouldSnapshotAtTheAppliedIndexWhenEveryFollowerOfThisLeaderHoldsIt() {
        assertThat(SnapshotPlacement.at(40, 12, 41, 20, METADATA)).isEqualTo(40);
    }

    @Test
    void shouldPutAShardsSnapshotAtTheLowestCommitIndexWhileAMemberHasNotCommittedTheAppliedOnes() {
        assertThat(SnapshotPlacement.at(40, 12, 12, 5, SHARD)).isEqualTo(12);
        assertThat(SnapshotPlacement.at(40, 12, -1, 5, SHARD)).isEqualTo(12);
    }

    @Test
    void shouldTakeNoMetadataSnapshotWhileAMemberHasNotCommittedTheAppliedOnesNorHoldsThem() {
        assertThat(SnapshotPlacement.at(40, 12, 12, 5, METADATA)).isEqualTo(NONE);
        assertThat(SnapshotPlacement.at(40, 39, -1, 5, METADATA)).isEqualTo(NONE);
    }

    @Test
    void shouldTakeNoSnapshotAtOrBelowTheLatest() {
        assertThat(SnapshotPlacement.at(40, 12, -1, 12, SHARD)).isEqualTo(NONE);
        assertThat(SnapshotPlacement.at(40, 40, -1, 40, METADATA)).isEqualTo(NONE);
    }
}
