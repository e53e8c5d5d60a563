package io.hexalog.application.fake;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.CommittedOffsetStoreContract;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With no gate closed the store is an honest store; a closed gate holds that group's commits, and only them. */
class GatedCommittedOffsetStoreTest extends CommittedOffsetStoreContract {

    private static final GroupId HELD = GroupId.of("held");
    private static final GroupId FREE = GroupId.of("free");
    private static final Map<TopicPartition, CommittedOffset> OFFSET = Map.of(
            new TopicPartition(TopicName.of("orders"), 0), new CommittedOffset(7, OptionalInt.empty(), "", 0));

    private final GatedCommittedOffsetStore gated = new GatedCommittedOffsetStore();

    @Override
    protected CommittedOffsetStore createStore() {
        return new GatedCommittedOffsetStore();
    }

    @Test
    void shouldHoldACommitOfAGatedGroupUntilTheGateOpens() throws Exception {
        GatedCommittedOffsetStore.Gate gate = gated.closeGateOf(HELD);

        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> gated.commit(HELD, OFFSET));

        assertThat(gate.awaitArrival()).isTrue();
        assertThat(commit).isNotDone();
        assertThat(gated.offsets(HELD)).isEmpty();
        gate.open();
        commit.get(GatedCommittedOffsetStore.MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(gated.offsets(HELD)).isEqualTo(OFFSET);
    }

    @Test
    void shouldLetCommitsOfOtherGroupsThrough() {
        gated.closeGateOf(HELD);

        gated.commit(FREE, OFFSET);

        assertThat(gated.offsets(FREE)).isEqualTo(OFFSET);
    }
}
