package io.hexalog.adapter.storage.rocksdb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentFileTest {

    @TempDir
    Path directory;
    /** Every file a test opened, closed after it so that no channel outlives the test. */
    private final List<SegmentFile> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (SegmentFile file : opened) {
            while (file.isOpen()) {
                file.release();
            }
        }
    }

    @Test
    void shouldNameAFileAfterItsBaseOffsetAloneForGenerationZero() throws IOException {
        SegmentFile file = create(42, 0);

        assertThat(file.path()).isEqualTo(directory.resolve("00000000000000000042.log"));
        assertThat(file.path()).exists();
        assertThat(file.baseOffset()).isEqualTo(42);
        assertThat(file.generation()).isZero();
    }

    @Test
    void shouldNameAFileAfterItsBaseOffsetAndGenerationForALaterGeneration() throws IOException {
        SegmentFile file = create(42, 3);

        assertThat(file.path()).isEqualTo(directory.resolve("00000000000000000042.3.log"));
        assertThat(file.path()).exists();
        assertThat(file.generation()).isEqualTo(3);
    }

    @Test
    void shouldCreateTheDirectoryIfMissing() throws IOException {
        Path partition = directory.resolve("orders-0");

        SegmentFile file = track(SegmentFile.create(partition, 0, 0));

        assertThat(file.path()).isEqualTo(partition.resolve("00000000000000000000.log")).exists();
    }

    @Test
    void shouldReadBackTheBaseOffsetAndGenerationOfTheNamesItGives() {
        assertThat(SegmentFile.parseName(SegmentFile.fileName(42, 0))).hasValueSatisfying(
                name -> assertThat(name).containsExactly(42, 0));
        assertThat(SegmentFile.parseName(SegmentFile.fileName(42, 7))).hasValueSatisfying(
                name -> assertThat(name).containsExactly(42, 7));
        assertThat(SegmentFile.parseName("00000000000000001000.12.log")).hasValueSatisfying(
                name -> assertThat(name).containsExactly(1000, 12));
        assertThat(SegmentFile.parseName(SegmentFile.fileName(Long.MAX_VALUE, Integer.MAX_VALUE)))
                .hasValueSatisfying(name -> assertThat(name).containsExactly(Long.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void shouldRejectNamesItDoesNotGive() {
        assertThat(SegmentFile.parseName("LOCK")).isEmpty();
        assertThat(SegmentFile.parseName("00000000000000000001.txt")).isEmpty();
        assertThat(SegmentFile.parseName("1.log")).isEmpty();
        assertThat(SegmentFile.parseName("000000000000000000001.log")).isEmpty();
        assertThat(SegmentFile.parseName("00000000000000000001.log.tmp")).isEmpty();
        assertThat(SegmentFile.parseName("00000000000000000001.x.log")).isEmpty();
        assertThat(SegmentFile.parseName("00000000000000000001..log")).isEmpty();
        assertThat(SegmentFile.parseName("00000000000000000001.index")).isEmpty();
    }

    @Test
    void shouldReadBackTheBytesWrittenAtEachPosition() throws IOException {
        SegmentFile file = create(0, 0);

        file.write(bytes("hello"), 0);
        file.write(bytes("world"), 100);

        assertThat(read(file, 0, 5)).isEqualTo("hello");
        assertThat(read(file, 100, 5)).isEqualTo("world");
        assertThat(read(file, 1, 3)).isEqualTo("ell");
        assertThat(file.size()).isEqualTo(105);
        assertThat(Files.size(file.path())).isEqualTo(105);
    }

    @Test
    void shouldOverwriteTheBytesAtAPositionWrittenAgain() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("hello world"), 0);

        file.write(bytes("HEXA!"), 6);

        assertThat(read(file, 0, 11)).isEqualTo("hello HEXA!");
    }

    @Test
    void shouldThrowEofExceptionReadingPastTheEnd() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("0123456789"), 0);

        assertThatThrownBy(() -> read(file, 5, 8)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read(file, 10, 1)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read(file, 50, 1)).isInstanceOf(EOFException.class);
        assertThat(read(file, 5, 5)).isEqualTo("56789");
    }

    @Test
    void shouldCutTheFileWhenTruncated() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("0123456789"), 0);

        file.truncate(4);

        assertThat(file.size()).isEqualTo(4);
        assertThat(Files.size(file.path())).isEqualTo(4);
        assertThat(read(file, 0, 4)).isEqualTo("0123");
        assertThatThrownBy(() -> read(file, 0, 5)).isInstanceOf(EOFException.class);
    }

    @Test
    void shouldEmptyAnExistingFileWhenCreatedOverIt() throws IOException {
        SegmentFile earlier = create(7, 2);
        earlier.write(bytes("left by a failed write"), 0);
        earlier.close();

        SegmentFile file = create(7, 2);

        assertThat(file.path()).isEqualTo(earlier.path());
        assertThat(file.size()).isZero();
        assertThat(Files.size(file.path())).isZero();
    }

    @Test
    void shouldOpenAnExistingFileWithItsBytes() throws IOException {
        SegmentFile written = create(7, 0);
        written.write(bytes("kept"), 0);
        written.close();

        SegmentFile file = track(SegmentFile.open(directory, 7, 0));

        assertThat(file.path()).isEqualTo(written.path());
        assertThat(read(file, 0, 4)).isEqualTo("kept");
    }

    @Test
    void shouldGiveReferencesForReadsWhileOpen() throws IOException {
        SegmentFile file = create(0, 0);

        assertThat(file.retain()).isTrue();
        assertThat(file.retain()).isTrue();
        file.release();
        file.release();

        assertThat(file.isOpen()).isTrue();
        assertThat(file.retain()).isTrue();
        file.release();
    }

    @Test
    void shouldDeleteADroppedFileAtOnceAndCloseItWhenNoReadHoldsIt() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("gone"), 0);

        file.drop();

        assertThat(file.path()).doesNotExist();
        assertThat(file.isOpen()).isFalse();
        assertThat(file.retain()).isFalse();
    }

    @Test
    void shouldLetAReadInProgressFinishReadingADroppedFileThroughItsOpenChannel() throws IOException {
        // given a file a read holds
        SegmentFile file = create(0, 0);
        file.write(bytes("still readable"), 0);
        assertThat(file.retain()).isTrue();

        // when the log drops it
        file.drop();

        // then it is gone from the directory at once, but the read still reads its bytes
        assertThat(file.path()).doesNotExist();
        assertThat(directory).isEmptyDirectory();
        assertThat(file.isOpen()).isTrue();
        assertThat(read(file, 0, 14)).isEqualTo("still readable");

        // and the channel closes when the read lets go, after which no read gets it
        file.release();
        assertThat(file.isOpen()).isFalse();
        assertThat(file.retain()).isFalse();
    }

    @Test
    void shouldCloseADroppedFileOnlyWhenTheLastOfSeveralReadsLetsGo() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("shared"), 0);
        assertThat(file.retain()).isTrue();
        assertThat(file.retain()).isTrue();

        file.drop();
        file.release();

        assertThat(file.isOpen()).isTrue();
        assertThat(read(file, 0, 6)).isEqualTo("shared");

        file.release();

        assertThat(file.isOpen()).isFalse();
        assertThat(file.retain()).isFalse();
    }

    @Test
    void shouldKeepAClosedFileOnDiskAndCloseItsChannelOnceNoReadHoldsIt() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("durable"), 0);
        assertThat(file.retain()).isTrue();

        file.close();

        assertThat(file.isOpen()).isTrue();
        assertThat(read(file, 0, 7)).isEqualTo("durable");

        file.release();

        assertThat(file.isOpen()).isFalse();
        assertThat(file.retain()).isFalse();
        assertThat(file.path()).exists();
        assertThat(Files.readString(file.path())).isEqualTo("durable");
    }

    @Test
    void shouldCloseAnUnreferencedFileAtOnceOnClose() throws IOException {
        SegmentFile file = create(0, 0);

        file.close();

        assertThat(file.isOpen()).isFalse();
        assertThat(file.retain()).isFalse();
        assertThat(file.path()).exists();
    }

    @Test
    void shouldBeUnforcedFromAWriteUntilForced() throws IOException {
        SegmentFile file = create(0, 0);
        assertThat(file.unforced()).isFalse();

        file.write(bytes("a"), 0);
        assertThat(file.unforced()).isTrue();

        file.force();
        assertThat(file.unforced()).isFalse();

        file.write(bytes("b"), 1);
        assertThat(file.unforced()).isTrue();
    }

    @Test
    void shouldNotThrowForcingAFileDroppedAndClosed() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("dropped"), 0);
        file.drop();
        assertThat(file.isOpen()).isFalse();

        assertThatCode(file::force).doesNotThrowAnyException();
        assertThat(file.unforced()).isFalse();
    }

    @Test
    void shouldNotThrowForcingAFileClosed() throws IOException {
        SegmentFile file = create(0, 0);
        file.write(bytes("closed"), 0);
        file.close();

        assertThatCode(file::force).doesNotThrowAnyException();
    }

    @Test
    void shouldCountTheBatchesNamedInItAndWhereTheLastEnds() throws IOException {
        SegmentFile file = create(0, 0);
        assertThat(file.batches()).isZero();
        assertThat(file.end()).isZero();

        BatchPlace first = place(0, 100, 5);
        BatchPlace second = place(100, 150, 9);
        BatchPlace third = place(250, 30, 7);
        file.named(first);
        file.named(second);
        file.named(third);

        assertThat(file.batches()).isEqualTo(3);
        assertThat(file.end()).isEqualTo(280);
        assertThat(file.liveBytes()).isEqualTo(280);
        assertThat(file.nextOffset()).isEqualTo(9);

        file.unnamed(first);
        file.unnamed(second);

        assertThat(file.batches()).isEqualTo(1);
        assertThat(file.liveBytes()).isEqualTo(30);
        assertThat(file.end()).isEqualTo(280);
    }

    private static BatchPlace place(int position, int size, long nextOffset) {
        return new BatchPlace(0, 0, position, size, nextOffset, 0, -1);
    }

    private SegmentFile create(long baseOffset, int generation) throws IOException {
        return track(SegmentFile.create(directory, baseOffset, generation));
    }

    private SegmentFile track(SegmentFile file) {
        opened.add(file);
        return file;
    }

    private static String read(SegmentFile file, long position, int length) throws IOException {
        ByteBuffer target = ByteBuffer.allocate(length);
        file.read(target, position);
        assertThat(target.hasRemaining()).isFalse();
        return new String(target.array(), StandardCharsets.UTF_8);
    }

    private static ByteBuffer bytes(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
