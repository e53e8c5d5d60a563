package io.hexalog.adapter.storage.rocksdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** RocksDB's native library is unpacked once per RocksDB version into a stable directory, not on every start. */
class NativeLibraryTest {

    @TempDir
    Path cache;

    @Test
    void shouldUnpackTheLibraryIntoADirectoryNamedForTheRocksDbVersion() throws IOException {
        Path library = NativeLibrary.unpack(cache);

        assertThat(library.getParent()).isEqualTo(cache.resolve("rocksdbjni-" + NativeLibrary.version()));
        assertThat(NativeLibrary.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(library.getFileName().toString()).isEqualTo(NativeLibrary.fileNameLoaded()).startsWith("librocksdbjni");
        assertThat(Files.size(library)).isGreaterThan(1024 * 1024);
        assertThat(filesIn(library.getParent())).containsExactly(library);
    }

    @Test
    void shouldReuseTheLibraryUnpackedByAnEarlierStart() throws IOException {
        Path first = NativeLibrary.unpack(cache);
        FileTime unpacked = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(first, unpacked);

        Path second = NativeLibrary.unpack(cache);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(unpacked);
        assertThat(filesIn(cache.resolve("rocksdbjni-" + NativeLibrary.version()))).containsExactly(first);
    }

    /** What the process has mapped shows which file it loaded: Linux tells it in /proc/self/maps. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldLoadTheLibraryOfTheCacheDirectoryWhenStorageOpens(@TempDir Path dataDir) throws IOException {
        RocksDbStorage.open(dataDir, FsyncPolicy.NEVER).close();

        Path cached = NativeLibrary.unpack(NativeLibrary.cacheRoot().orElseThrow());
        assertThat(Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1))
                .contains(cached.toString());
    }

    @Test
    void shouldKeepTheCacheUnderXdgCacheHomeOrTheHomeDirectory() {
        Path root = NativeLibrary.cacheRoot().orElseThrow();

        String xdg = System.getenv("XDG_CACHE_HOME");
        Path expected = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg, "hexalog") : Path.of(System.getProperty("user.home"), ".cache", "hexalog");
        assertThat(root).isEqualTo(expected);
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
