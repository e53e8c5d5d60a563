package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class CommitAnnouncerTest {

    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    private boolean leads = true;
    private final CommitAnnouncer announcer = new CommitAnnouncer(() -> leads, () -> {
        CompletableFuture<Void> announcement = new CompletableFuture<>();
        sent.add(announcement);
        return announcement;
    });

    @Test
    void shouldAnnounceACommandAppliedOnTheLeader() {
        announcer.commandApplied();

        assertThat(sent).hasSize(1);
    }

    @Test
    void shouldAnnounceNothingOnAFollower() {
        leads = false;

        announcer.commandApplied();
        announcer.commandApplied();

        assertThat(sent).isEmpty();
    }

    @Test
    void shouldAnnounceTheCommandsAppliedMeanwhileOnceTheAnnouncementOnItsWayIsApplied() {
        announcer.commandApplied();
        announcer.commandApplied();
        announcer.commandApplied();
        assertThat(sent).as("one announcement on its way at a time").hasSize(1);

        sent.get(0).complete(null);
        assertThat(sent).as("the two applied meanwhile share the next").hasSize(2);

        sent.get(1).complete(null);
        assertThat(sent).as("nothing applied since: nothing more to announce").hasSize(2);
    }

    @Test
    void shouldStopAnnouncingWhenAnAnnouncementFails() {
        announcer.commandApplied();
        announcer.commandApplied();

        sent.get(0).completeExceptionally(new IllegalStateException("not the leader any more"));

        assertThat(sent).hasSize(1);
        announcer.commandApplied();
        assertThat(sent).as("a later command is announced again").hasSize(2);
    }

    @Test
    void shouldStopWhenLeadershipMovedWhileAnAnnouncementWasOnItsWay() {
        announcer.commandApplied();
        announcer.commandApplied();

        leads = false;
        sent.get(0).complete(null);

        assertThat(sent).hasSize(1);
    }
}
