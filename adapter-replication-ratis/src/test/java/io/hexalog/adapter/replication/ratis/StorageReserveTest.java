package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StorageReserveTest {

    @TempDir
    Path directory;

    @Test
    void shouldReadTheFreeSpaceOfTheVolumeHoldingADataDirectoryNotMadeYet() throws IOException {
        ClusterSettings.StorageReserve reserve = ClusterSettings.StorageReserve.of(1, directory.resolve("data/raft"));

        long free = reserve.freeBytes().getAsLong();

        long volume = Files.getFileStore(directory).getUsableSpace();
        // other programs write to the same volume meanwhile: the two reads agree within a few megabytes
        assertThat(free).isPositive().isCloseTo(volume, within(64L << 20));
        assertThat(reserve.freeBytes().getAsLong()).as("read again, from the store found once")
                .isCloseTo(volume, within(64L << 20));
    }

    @Test
    void shouldRefuseANegativeReserve() {
        assertThatThrownBy(() -> ClusterSettings.StorageReserve.of(-1, directory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be negative");
    }
}
