package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A metadata snapshot file gives back its entries in order, and a damaged one is refused, never half read. */
class MetadataSnapshotFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheEntriesInTheOrderTheyWereWritten() throws IOException {
        List<byte[]> entries = List.of(bytes("create orders"), new byte[0], bytes("commit offsets of payments"));
        Path file = Files.write(dir.resolve("snapshot.1_10"), MetadataSnapshotFile.write(entries));

        List<byte[]> read = MetadataSnapshotFile.read(file);

        assertThat(read).hasSize(3);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(read.get(i)).isEqualTo(entries.get(i));
        }
    }

    @Test
    void shouldRefuseAFileWhoseBytesChanged() throws IOException {
        byte[] content = MetadataSnapshotFile.write(List.of(bytes("create orders")));
        content[content.length - 6] ^= 1;
        Path file = Files.write(dir.resolve("snapshot.1_10"), content);

        assertThatThrownBy(() -> MetadataSnapshotFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged").hasMessageContaining(file.toString());
    }

    @Test
    void shouldRefuseATruncatedFile() throws IOException {
        byte[] content = MetadataSnapshotFile.write(List.of(bytes("create orders")));
        Path file = Files.write(dir.resolve("snapshot.1_10"), Arrays.copyOf(content, 10));

        assertThatThrownBy(() -> MetadataSnapshotFile.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseAFileThatIsNoMetadataSnapshot() throws IOException {
        Path file = Files.write(dir.resolve("snapshot.1_10"),
                bytes("Everything up to Raft index 10 (term 1) is in this node's partition logs\n"));

        assertThatThrownBy(() -> MetadataSnapshotFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("Not a metadata snapshot");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
