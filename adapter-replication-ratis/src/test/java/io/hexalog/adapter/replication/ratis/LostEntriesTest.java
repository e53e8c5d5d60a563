package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LostEntriesTest {

    @TempDir
    Path group;

    @Test
    void shouldSayAnUnmarkedMemberLacksNothing() {
        assertThat(LostEntries.of(group).mayLack(false, true, 4, 100)).isFalse();
        assertThat(LostEntries.none().mayLack(false, true, 4, 100)).isFalse();
    }

    @Test
    void shouldSayAMarkedMemberMayLackEntriesUntilItsGroupIsInALaterTerm() throws IOException {
        LostEntries.mark(group);
        LostEntries lost = LostEntries.of(group);

        assertThat(lost.mayLack(false, false, 3, 100)).as("before it follows a leader").isTrue();
        assertThat(lost.mayLack(false, true, 4, 100)).as("following the leader of term 4").isTrue();
        assertThat(lost.mayLack(false, false, 4, 100)).as("in an election of term 4").isTrue();
        assertThat(group.resolve(LostEntries.MARK)).exists();
        assertThat(lost.mayLack(false, true, 5, 100)).as("following the leader of term 5").isFalse();

        assertThat(group.resolve(LostEntries.MARK)).doesNotExist();
        assertThat(LostEntries.of(group).mayLack(false, true, 5, 100)).as("at the next start").isFalse();
    }

    @Test
    void shouldSayAMarkedMemberLacksNothingOnceItsLogGrew() throws IOException {
        LostEntries.mark(group);
        LostEntries lost = LostEntries.of(group);

        assertThat(lost.mayLack(false, true, 4, 100)).isTrue();
        assertThat(lost.mayLack(false, true, 4, 101)).isFalse();
        assertThat(group.resolve(LostEntries.MARK)).doesNotExist();
    }

    @Test
    void shouldSayAMarkedMemberLacksNothingOnceItsLogGrewBeforeItWasSeenFollowing() throws IOException {
        LostEntries.mark(group);
        LostEntries lost = LostEntries.of(group);

        assertThat(lost.mayLack(false, false, 4, 100)).as("at the first look, in an election").isTrue();
        assertThat(lost.mayLack(false, true, 4, 130)).as("caught up from the leader by the next").isFalse();
        assertThat(group.resolve(LostEntries.MARK)).doesNotExist();
    }

    @Test
    void shouldSayAMarkedMemberThatLeadsLacksNothing() throws IOException {
        LostEntries.mark(group);

        assertThat(LostEntries.of(group).mayLack(true, false, 7, 100)).isFalse();
        assertThat(group.resolve(LostEntries.MARK)).doesNotExist();
    }
}
