package io.hexalog.adapter.storage.rocksdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Warming a stretch of a segment file reads it (the kernel counts the bytes the thread read, {@code rchar}), and
 * nothing else: the file is unchanged, and a stretch past the file's end is warmed as far as the file goes, without
 * waiting for bytes that will never come.
 */
@Timeout(10)
class PageCacheWarmerTest {

    @TempDir
    Path directory;

    @Test
    void shouldWarmAStretchOfAFileLeavingTheFileAsItWas() throws Exception {
        // given
        SegmentFile file = SegmentFile.create(directory, 0, 0);
        byte[] bytes = new byte[3 * 1024 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        file.write(ByteBuffer.wrap(bytes), 0);

        // when
        long readBefore = bytesThisThreadRead();
        try (PageCacheWarmer warmer = PageCacheWarmer.open()) {
            warmer.warm(file, 1024, bytes.length - 2048);
        }
        long read = bytesThisThreadRead() - readBefore;

        // then
        assertThat(read).isGreaterThanOrEqualTo(bytes.length - 2048);
        assertThat(Files.readAllBytes(file.path())).isEqualTo(bytes);
        file.close();
    }

    /** What Linux counts as read by this thread, every system call that reads included. */
    private static long bytesThisThreadRead() throws Exception {
        Path io = Path.of("/proc/thread-self/io");
        assumeTrue(Files.isReadable(io), "the kernel counts each thread's reads in " + io);
        return Files.readAllLines(io).stream().filter(line -> line.startsWith("rchar:"))
                .mapToLong(line -> Long.parseLong(line.substring("rchar:".length()).trim())).findFirst().orElseThrow();
    }

    @Test
    void shouldStopAtTheEndOfAFileShorterThanTheStretch() throws Exception {
        SegmentFile file = SegmentFile.create(directory, 0, 0);
        file.write(ByteBuffer.wrap(new byte[4096]), 0);

        try (PageCacheWarmer warmer = PageCacheWarmer.open()) {
            assertThatCode(() -> warmer.warm(file, 1024, 1024 * 1024)).doesNotThrowAnyException();
        }
        assertThat(file.size()).isEqualTo(4096);
        file.close();
    }
}
