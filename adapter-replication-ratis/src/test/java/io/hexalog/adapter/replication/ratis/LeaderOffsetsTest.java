package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.ratis.protocol.ClientId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.hexalog.adapter.replication.ratis.LeaderOffsets.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class LeaderOffsetsTest {

    private static final long TERM = 3;

    private final ClientId self = ClientId.randomId();
    private final Topic topic = Topic.create(TopicName.of("orders"), 2, 3);
    private final TopicIdPartition orders0 = topic.partition(0);
    private final TopicIdPartition orders1 = topic.partition(1);
    /** What the application has applied, by partition, as the state machine would ask it. */
    private final Map<TopicIdPartition, AppliedLogEnd> applied = new HashMap<>();
    private final AtomicLong appliedEntry = new AtomicLong(9);
    private final LeaderOffsets offsets = new LeaderOffsets(self, partition -> Optional.ofNullable(applied.get(partition)),
            appliedEntry::get);
    private long callIds;

    @Test
    void shouldAnswerAnAppendWithNothingAheadAtTheAppliedLogEndOffset() {
        applied(orders0, 9, 40, true);

        assertThat(place(10, append(orders0, 5))).containsExactly(new Appended(40, 2));
    }

    @Test
    void shouldCountTheOffsetsOfEveryCommandPlacedAheadAndNotAppliedYet() {
        applied(orders0, 9, 40, true);

        assertThat(place(10, append(orders0, 5), append(orders1, 7), append(orders0, 2)))
                .containsExactly(new Appended(40, 2), null, new Appended(45, 2));
        assertThat(place(11, new LeaderOffsets.Placement(orders0, 0, false), append(orders0, 1)))
                .containsExactly(null, new Appended(47, 2));
    }

    @Test
    void shouldForgetWhatIsAppliedOnceThePartitionsLatestAppendIsAtOrPastIt() {
        applied(orders0, 9, 40, true);
        place(10, append(orders0, 5), append(orders0, 2));
        applied(orders0, CommandPositions.of(10, 0), 45, true);

        assertThat(place(11, append(orders0, 1))).containsExactly(new Appended(47, 2));

        applied(orders0, CommandPositions.of(11, 0), 48, true);
        assertThat(place(12, append(orders0, 1))).as("everything ahead applied").containsExactly(new Appended(48, 2));
    }

    @Test
    void shouldTellNothingBehindACommandThatMayBeRefusedOrSkippedUntilItIsApplied() {
        applied(orders0, 9, 40, true);
        place(10, new LeaderOffsets.Placement(orders0, UNKNOWN, false));

        assertThat(place(11, append(orders0, 3), append(orders1, 1))).as("an idempotent append or a marker ahead")
                .isNull();

        // the idempotent append was a duplicate: it appended nothing, and the append behind it is applied
        applied(orders0, CommandPositions.of(11, 0), 43, true);
        assertThat(place(12, append(orders0, 1))).containsExactly(new Appended(43, 2));
    }

    @Test
    void shouldTellNothingOfAPartitionThatRefusesAppendsOrIsNotHostedHere() {
        applied(orders0, 9, 40, false);

        assertThat(place(10, append(orders0, 5), append(orders1, 5))).isNull();
    }

    @Test
    void shouldForgetWhatWasPlacedInAnEarlierTerm() {
        applied(orders0, 9, 40, true);
        place(10, append(orders0, 5));

        offsets.placing(TERM + 1, 11, List.of(append(orders0, 1)), self, ++callIds);

        assertThat(offsets.take(callIds)).containsExactly(new Appended(40, 2));
    }

    @Test
    void shouldKeepAnswersForThisNodesOwnRequestsOnlyAndGiveThemOnce() {
        applied(orders0, 9, 40, true);

        offsets.placing(TERM, 10, List.of(append(orders0, 5)), ClientId.randomId(), 1);
        offsets.placing(TERM, 11, List.of(append(orders0, 1)), self, 2);

        assertThat(offsets.take(1)).as("another node's request").isNull();
        assertThat(offsets.take(2)).containsExactly(new Appended(45, 2));
        assertThat(offsets.take(2)).isNull();
    }

    @Test
    void shouldTellNothingUntilAnEntryThatCouldNotBeReadIsApplied() {
        applied(orders0, 9, 40, true);

        offsets.placing(TERM, 10, null, self, ++callIds);
        assertThat(place(11, append(orders0, 1))).isNull();

        appliedEntry.set(11);
        applied(orders0, CommandPositions.of(11, 0), 41, true);
        assertThat(place(12, append(orders0, 1))).containsExactly(new Appended(41, 2));
    }

    @Test
    void shouldTellNothingAnyMoreOnceAnEntryCouldNotBeCounted() {
        applied(orders0, 9, 40, true);
        assertThat(place(10, append(orders0, 1))).containsExactly(new Appended(40, 2));

        offsets.blind();

        assertThat(place(11, append(orders0, 1))).isNull();
        offsets.placing(TERM + 1, 12, List.of(append(orders0, 1)), self, ++callIds);
        assertThat(offsets.take(callIds)).as("in a new term too").isNull();
    }

    private static LeaderOffsets.Placement append(TopicIdPartition partition, long offsets) {
        return new LeaderOffsets.Placement(partition, offsets, true);
    }

    private void applied(TopicIdPartition partition, long logIndex, long logEndOffset, boolean takesAppends) {
        applied.put(partition, new AppliedLogEnd(logIndex, logEndOffset, 2, takesAppends));
    }

    /** Places an entry of this node's at {@code entryIndex}; the answers its submitter takes, or null. */
    private List<Appended> place(long entryIndex, LeaderOffsets.Placement... commands) {
        long callId = ++callIds;
        offsets.placing(TERM, entryIndex, Arrays.asList(commands), self, callId);
        return offsets.take(callId);
    }
}
