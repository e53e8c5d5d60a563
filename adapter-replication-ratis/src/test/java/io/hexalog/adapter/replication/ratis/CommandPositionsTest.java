package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandPositionsTest {

    @Test
    void shouldOrderCommandsAsTheLogDoesWithinAnEntryAndAcrossEntries() {
        long firstOfSeven = CommandPositions.of(7, 0);
        long secondOfSeven = CommandPositions.of(7, 1);
        long lastOfSeven = CommandPositions.of(7, CommandPositions.MAX_COMMANDS_PER_ENTRY - 1);
        long firstOfEight = CommandPositions.of(8, 0);

        assertThat(firstOfSeven).isLessThan(secondOfSeven);
        assertThat(secondOfSeven).isLessThan(lastOfSeven);
        assertThat(lastOfSeven).isLessThan(firstOfEight);
    }

    @Test
    void shouldRefuseAPlaceBeyondWhatAnEntryHolds() {
        assertThatThrownBy(() -> CommandPositions.of(7, CommandPositions.MAX_COMMANDS_PER_ENTRY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandPositions.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
