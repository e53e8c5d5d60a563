package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PutOffSnapshotsTest {

    private static final long SECOND = 1_000_000_000L;

    private final PutOffSnapshots putOff = new PutOffSnapshots(Duration.ofMinutes(5));

    @Test
    void shouldSayNothingWhileTheSnapshotWaitsLessThanTheTimeGiven() {
        assertThat(putOff.putOff("metadata", 99, 120, Set.of(3), 0)).isEmpty();
        assertThat(putOff.putOff("metadata", 99, 180, Set.of(3), 299 * SECOND)).isEmpty();
        assertThat(putOff.taken("metadata", 181, 299 * SECOND)).isEmpty();
    }

    @Test
    void shouldSayOnceWhichNodeHoldsTheSnapshotBackAndHowMuchOfTheLogIsKept() {
        putOff.putOff("metadata", 99, 120, Set.of(3), 10 * SECOND);

        assertThat(putOff.putOff("metadata", 99, 640, Set.of(3), 310 * SECOND)).hasValue(
                "The metadata group has taken no snapshot for 300 s: node 3 has not committed index 640 (down, or "
                        + "far behind). Its log is kept whole from index 100 until every node holds what it would "
                        + "snapshot (for a node away for long, until a few log segments more follow), 541 entries so "
                        + "far; a node that restarts meanwhile applies all of them");
        assertThat(putOff.putOff("metadata", 99, 700, Set.of(3), 400 * SECOND)).isEmpty();
    }

    @Test
    void shouldSayWhenTheSnapshotIsTakenAgainAndStartAfreshAfterIt() {
        putOff.putOff("metadata", 99, 120, Set.of(2, 3), 0);
        assertThat(putOff.putOff("metadata", 99, 200, Set.of(3, 2), 301 * SECOND)).get().asString()
                .contains("nodes 2, 3 have not committed index 200");

        assertThat(putOff.taken("metadata", 205, 320 * SECOND))
                .hasValue("The metadata group took a snapshot again, at index 205, after 320 s without one");

        assertThat(putOff.putOff("metadata", 205, 220, Set.of(3), 400 * SECOND)).isEmpty();
        assertThat(putOff.putOff("metadata", 205, 260, Set.of(3), 701 * SECOND)).get().asString()
                .contains("kept whole from index 206");
    }

    @Test
    void shouldRefuseATimeThatIsNotPositive() {
        assertThatThrownBy(() -> new PutOffSnapshots(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
