package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.UnreadBytes;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.hexalog.application.testdata.SentBytes;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads to send on RocksDB storage: a read whose stretches would hold at least the store's minimum on average (set
 * small here, {@link #MIN_UNREAD_BYTES}) is left in the segment files, one stretch per run of batches lying back to back in a file, sent byte for byte as a read returns
 * them and without memory from the read pool; a held stretch keeps its file open, and sendable, after retention or a
 * topic deletion deleted it, until the slice is released. The port's behaviour itself is the contract's
 * ({@link RocksDbPartitionLogStoreTest}).
 */
class RocksDbReadToSendTest {

    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 1);
    private static final TopicIdPartition ORDERS_0 = ORDERS.partition(0);
    /**
     * The store's rule at a smaller size than {@link RocksDbPartitionLogStore#MIN_UNREAD_BYTES}, so that a few small
     * batches in small files show it.
     */
    private static final int MIN_UNREAD_BYTES = 32 * 1024;
    private static final int VALUE_SIZE = 20_000;
    /** Room for three batches of {@link #VALUE_SIZE}, not four: each run in a file more than a read leaves in files. */
    private static final long SMALL_SEGMENT_BYTES = 3 * 20_100 + 1_000;
    private static final ReadLimit EVERYTHING = ReadLimit.atLeastOneBatch(Integer.MAX_VALUE);

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;
    private PartitionLogStore store;
    private final List<RecordBatch> appended = new ArrayList<>();
    private final List<LogSlice> read = new ArrayList<>();

    @AfterEach
    void close() {
        read.forEach(LogSlice::release);
        if (storage != null) {
            storage.close();
        }
    }

    private void open(long segmentBytes) {
        storage = RocksDbStorage.openWithSegmentBytes(dataDir, FsyncPolicy.NEVER, segmentBytes, MIN_UNREAD_BYTES);
        store = storage.partitionLogStore();
        storage.topicCatalog().create(ORDERS);
        store.open(ORDERS_0);
    }

    // --- which form -----------------------------------------------------------------------------------------

    @Test
    void shouldLeaveAReadToSendOfTheMinimumInItsFileAndReadOneBelowItIntoMemory() throws Exception {
        // given batches of 16 KiB, 16 KiB and 16 KiB less a byte, back to back in one file
        open(RocksDbStorage.SEGMENT_BYTES);
        RecordBatch first = append(batchOfSize(0, 16 * 1024));
        RecordBatch second = append(batchOfSize(1, 16 * 1024));
        RecordBatch third = append(batchOfSize(2, 16 * 1024 - 1));

        // when
        LogSlice atTheMinimum = readToSend(0, 2, EVERYTHING);
        LogSlice belowIt = readToSend(1, Long.MAX_VALUE, EVERYTHING);

        // then
        assertThat(first.sizeInBytes() + second.sizeInBytes()).isEqualTo(MIN_UNREAD_BYTES);
        assertThat(atTheMinimum.inMemory()).isFalse();
        assertThat(atTheMinimum.unread()).hasSize(1);
        assertThat(atTheMinimum.sizeInBytes()).isEqualTo(MIN_UNREAD_BYTES);
        assertThat(sent(atTheMinimum)).isEqualTo(hex(List.of(first, second)));
        assertThat(belowIt.inMemory()).isTrue();
        assertThat(belowIt.sizeInBytes()).isEqualTo(MIN_UNREAD_BYTES - 1);
        assertThat(sent(belowIt)).isEqualTo(hex(List.of(second, third)));
    }

    // --- one stretch per run of batches in a file -----------------------------------------------------------

    @Test
    void shouldLeaveOneStretchPerFileTheBatchesLieInHoldingWhatAReadReturns() throws Exception {
        // given eight batches in three files: 0-2, 3-5, 6-7
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        assertThat(fileNames()).hasSize(3);

        // when
        LogSlice everything = readToSend(0, Long.MAX_VALUE, EVERYTHING);
        LogSlice fromInsideTheFirstFile = readToSend(1, 7, EVERYTHING);

        // then
        assertThat(stretchSizes(everything)).containsExactly(bytes(appended.subList(0, 3)),
                bytes(appended.subList(3, 6)), bytes(appended.subList(6, 8)));
        assertThat(sent(everything)).isEqualTo(hex(appended)).isEqualTo(readAndSent(0, Long.MAX_VALUE, EVERYTHING));
        assertThat(everything.nextOffset()).isEqualTo(8);
        assertThat(stretchSizes(fromInsideTheFirstFile)).containsExactly(bytes(appended.subList(1, 3)),
                bytes(appended.subList(3, 6)), bytes(appended.subList(6, 7)));
        assertThat(sent(fromInsideTheFirstFile)).isEqualTo(hex(appended.subList(1, 7)))
                .isEqualTo(readAndSent(1, 7, EVERYTHING));
        assertThat(fromInsideTheFirstFile.nextOffset()).isEqualTo(7);
    }

    @Test
    void shouldStartAnotherStretchWhereCleaningLeftAGapInAFile() throws Exception {
        // given eight batches in three files, the second batch removed by the cleaner: a gap in the first file
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        await(store.replaceBatches(ORDERS_0, List.of(CleanedBatch.removed(1))));

        // when
        LogSlice slice = readToSend(0, 6, EVERYTHING);

        // then
        List<RecordBatch> kept = List.of(appended.get(0), appended.get(2), appended.get(3), appended.get(4),
                appended.get(5));
        assertThat(stretchSizes(slice)).containsExactly(appended.get(0).sizeInBytes(), appended.get(2).sizeInBytes(),
                bytes(appended.subList(3, 6)));
        assertThat(sent(slice)).isEqualTo(hex(kept)).isEqualTo(readAndSent(0, 6, EVERYTHING));
    }

    @Test
    void shouldReadIntoMemoryAReadWhoseStretchesWouldHoldLessThanTheMinimumOnAverage() throws Exception {
        // given eight batches in three files, every other one of the first six removed by the cleaner
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        await(store.replaceBatches(ORDERS_0, List.of(CleanedBatch.removed(1), CleanedBatch.removed(3),
                CleanedBatch.removed(5))));

        // when five batches lie in four runs: 0 | 2 | 4 | 6 7
        LogSlice slice = readToSend(0, Long.MAX_VALUE, EVERYTHING);

        // then
        List<RecordBatch> kept = List.of(appended.get(0), appended.get(2), appended.get(4), appended.get(6),
                appended.get(7));
        assertThat(bytes(kept)).isLessThan(4 * MIN_UNREAD_BYTES)
                .isGreaterThan(MIN_UNREAD_BYTES);
        assertThat(slice.inMemory()).isTrue();
        assertThat(sent(slice)).isEqualTo(hex(kept));
    }

    @Test
    void shouldCutTheLastStretchWhereTheReadLimitEndsIt() throws Exception {
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);

        LogSlice slice = readToSend(0, Long.MAX_VALUE, ReadLimit.strict(bytes(appended.subList(0, 5)) + 10));

        assertThat(stretchSizes(slice)).containsExactly(bytes(appended.subList(0, 3)), bytes(appended.subList(3, 5)));
        assertThat(sent(slice)).isEqualTo(hex(appended.subList(0, 5)));
        assertThat(slice.nextOffset()).isEqualTo(5);
    }

    // --- sending ----------------------------------------------------------------------------------------------

    @Test
    void shouldSendAStretchToASocketWithSendfile() throws Exception {
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);

        LogSlice slice = readToSend(0, Long.MAX_VALUE, EVERYTHING);

        assertThat(receivedThroughASocket(slice)).isEqualTo(hex(appended));
    }

    @Test
    void shouldSendAStretchInAsManyWritesAsTheSocketTakes() throws Exception {
        // given a stretch of one file
        open(SMALL_SEGMENT_BYTES);
        appendBatches(3);
        UnreadBytes stretch = readToSend(0, Long.MAX_VALUE, EVERYTHING).unread().get(0);

        // when a full socket takes nothing, then one takes 1,000 bytes a write
        long toAFullSocket = stretch.transferTo(new TricklingChannel(0), 0);
        TricklingChannel socket = new TricklingChannel(1_000);
        int writes = 0;
        for (long position = 0; position < stretch.sizeInBytes(); writes++) {
            long written = stretch.transferTo(socket, position);
            assertThat(written).isBetween(1L, 1_000L);
            position += written;
        }

        // then
        assertThat(toAFullSocket).isZero();
        assertThat(HexFormat.of().formatHex(socket.received.toByteArray())).isEqualTo(hex(appended));
        assertThat(writes).isEqualTo((stretch.sizeInBytes() + 999) / 1_000);
        assertThat(stretch.transferTo(socket, stretch.sizeInBytes())).isZero();
        assertThatThrownBy(() -> stretch.transferTo(socket, stretch.sizeInBytes() + 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stretch.transferTo(socket, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailToSendAStretchWhoseFileEndsBeforeIt() throws Exception {
        // given a stretch of the first file, then the file cut short under the store
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        UnreadBytes stretch = readToSend(0, 3, EVERYTHING).unread().get(0);
        try (FileChannel file = FileChannel.open(segments().resolve("00000000000000000000.log"),
                StandardOpenOption.WRITE)) {
            file.truncate(1_000);
        }

        // then sending it fails rather than sending nothing for ever
        TricklingChannel socket = new TricklingChannel(Integer.MAX_VALUE);
        assertThat(stretch.transferTo(socket, 0)).isEqualTo(1_000);
        assertThatThrownBy(() -> stretch.transferTo(socket, 1_000)).isInstanceOf(EOFException.class)
                .hasMessageContaining("ends at 1000");
    }

    // --- what a held stretch keeps open -------------------------------------------------------------------------

    @Test
    void shouldKeepSendingAStretchWhoseFileRetentionDeletedAndCloseTheFileOnceReleased() throws Exception {
        // given a slice holding the first file's batches
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc to see open files");
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        LogSlice held = readToSend(0, 3, EVERYTHING);
        SegmentFile first = segmentFile(0);

        // when retention deletes its batches, and with them the file
        await(store.deleteBefore(ORDERS_0, 3));

        // then the file is gone from the directory, but open, and the slice still sends its batches
        assertThat(segments().resolve("00000000000000000000.log")).doesNotExist();
        assertThat(first.isOpen()).isTrue();
        assertThat(deletedSegmentFilesHeldOpen()).isEqualTo(1);
        assertThat(held.unread()).hasSize(1);
        assertThat(receivedThroughASocket(held)).isEqualTo(hex(appended.subList(0, 3)));
        assertThat(sent(held)).isEqualTo(hex(appended.subList(0, 3)));

        // and once the slice is released the file is closed
        held.release();
        assertThat(first.isOpen()).isFalse();
        assertThat(deletedSegmentFilesHeldOpen()).isZero();
    }

    @Test
    void shouldKeepSendingTheStretchesOfADeletedTopicAndCloseEveryFileOnceReleased() throws Exception {
        // given a slice holding batches of the three files
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc to see open files");
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        LogSlice held = readToSend(0, Long.MAX_VALUE, EVERYTHING);
        List<SegmentFile> files = List.of(segmentFile(0), segmentFile(3), segmentFile(6));

        // when the topic is deleted
        await(store.deleteTopic(ORDERS.id()));

        // then every file is gone from the directory but open, and the slice still sends every batch
        assertThat(segments()).doesNotExist();
        assertThat(files).allMatch(SegmentFile::isOpen);
        assertThat(deletedSegmentFilesHeldOpen()).isEqualTo(3);
        assertThat(receivedThroughASocket(held)).isEqualTo(hex(appended));

        // and once the slice is released every file is closed
        held.release();
        assertThat(files).noneMatch(SegmentFile::isOpen);
        assertThat(deletedSegmentFilesHeldOpen()).isZero();
    }

    @Test
    void shouldGiveAFileBackWithoutClosingItWhileTheLogStillNamesIt() throws Exception {
        // given slices holding the first file, released, some twice
        open(SMALL_SEGMENT_BYTES);
        appendBatches(8);
        SegmentFile first = segmentFile(0);
        for (int i = 0; i < 3; i++) {
            LogSlice slice = readToSend(0, Long.MAX_VALUE, EVERYTHING);
            slice.release();
            slice.release();
        }

        // then the log's own reference keeps it open and readable, until retention drops it
        assertThat(first.isOpen()).isTrue();
        assertThat(sent(readToSend(0, 3, EVERYTHING))).isEqualTo(hex(appended.subList(0, 3)));
        assertThat(readAndSent(0, 3, EVERYTHING)).isEqualTo(hex(appended.subList(0, 3)));
        read.forEach(LogSlice::release);
        await(store.deleteBefore(ORDERS_0, 3));
        assertThat(first.isOpen()).isFalse();
    }

    // --- the read pool ----------------------------------------------------------------------------------------

    @Test
    void shouldLendNoMemoryOfTheReadPoolToASliceLeftInFiles() throws Exception {
        // given four batches in one file
        open(RocksDbStorage.SEGMENT_BYTES);
        appendBatches(4);

        // when the same batches are read to send, then read; then one batch is read to send
        LogSlice leftInFiles = readToSend(0, Long.MAX_VALUE, EVERYTHING);
        ReadBufferUsage whileLeftInFilesHeld = store.readBufferUsage();
        LogSlice readIntoMemory = await(store.read(ORDERS_0, 0, Long.MAX_VALUE, EVERYTHING));
        read.add(readIntoMemory);
        ReadBufferUsage whileBothHeld = store.readBufferUsage();
        LogSlice tooSmallToLeave = readToSend(0, 1, EVERYTHING);
        ReadBufferUsage whileAllHeld = store.readBufferUsage();

        // then only the slices in memory take memory of the pool, until released
        assertThat(leftInFiles.inMemory()).isFalse();
        assertThat(whileLeftInFilesHeld.bytesInUse()).isZero();
        assertThat(whileLeftInFilesHeld.buffersInUse()).isZero();
        assertThat(whileBothHeld.bytesInUse()).isEqualTo(readIntoMemory.sizeInBytes()).isEqualTo(bytes(appended));
        assertThat(tooSmallToLeave.inMemory()).isTrue();
        assertThat(whileAllHeld.bytesInUse()).isEqualTo(bytes(appended) + appended.get(0).sizeInBytes());
        readIntoMemory.release();
        tooSmallToLeave.release();
        assertThat(store.readBufferUsage().bytesInUse()).isZero();
        assertThat(sent(leftInFiles)).isEqualTo(hex(appended));
        leftInFiles.release();
        assertThat(store.readBufferUsage().bytesInUse()).isZero();
        assertThat(store.readBufferUsage().buffersInUse()).isZero();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void appendBatches(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            long offset = appended.isEmpty() ? 0 : appended.get(appended.size() - 1).nextOffset();
            append(aBatch().withBaseOffset(offset).withValueSize(VALUE_SIZE).build());
        }
    }

    private RecordBatch append(RecordBatch batch) throws Exception {
        await(store.append(ORDERS_0, List.of(batch), List.of()));
        appended.add(batch);
        return batch;
    }

    /** A batch of one record, exactly {@code size} bytes long. */
    private static RecordBatch batchOfSize(long baseOffset, int size) {
        int overhead = aBatch().withValueSize(size).build().sizeInBytes() - size;
        RecordBatch batch = aBatch().withBaseOffset(baseOffset).withValueSize(size - overhead).build();
        assertThat(batch.sizeInBytes()).as("size of the batch built").isEqualTo(size);
        return batch;
    }

    /** Reads to send; the slice is released after the test if it was not before. */
    private LogSlice readToSend(long fromOffset, long maxOffset, ReadLimit limit) throws Exception {
        LogSlice slice = await(store.readToSend(ORDERS_0, fromOffset, maxOffset, limit));
        read.add(slice);
        return slice;
    }

    /** What a read of the same arguments returns, as hex; its slice is released. */
    private String readAndSent(long fromOffset, long maxOffset, ReadLimit limit) throws Exception {
        LogSlice slice = await(store.read(ORDERS_0, fromOffset, maxOffset, limit));
        try {
            return sent(slice);
        } finally {
            slice.release();
        }
    }

    /**
     * The segment file named after {@code baseOffset}, as the store holds it: the reference taken to find it is given
     * back at once, so that the file's own references are left as they were.
     */
    private SegmentFile segmentFile(long baseOffset) {
        BatchPlace inTheFile = new BatchPlace(baseOffset, 0, 0, 0, baseOffset + 1, 0, PartitionLogStore.NO_LOG_INDEX);
        SegmentFile file = ((RocksDbPartitionLogStore) store).segmentsOf(ORDERS_0).retain(inTheFile).orElseThrow();
        file.release();
        return file;
    }

    private static List<Integer> stretchSizes(LogSlice slice) {
        return slice.unread().stream().map(UnreadBytes::sizeInBytes).toList();
    }

    /** What a slice sends, whatever its form, as hex: its stretches written to a channel taking every byte. */
    private static String sent(LogSlice slice) {
        return SentBytes.of(slice);
    }

    /**
     * What a consumer's socket receives of an unread slice sent as a fetch response is, as hex: the broker's end of a
     * loopback connection is given the stretches, which the JDK sends with {@code sendfile} on Linux.
     */
    private static String receivedThroughASocket(LogSlice slice) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel consumer = SocketChannel.open(server.getLocalAddress());
             SocketChannel broker = server.accept()) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(
                    () -> readFully(consumer, slice.sizeInBytes()));
            for (UnreadBytes stretch : slice.unread()) {
                long position = 0;
                while (position < stretch.sizeInBytes()) {
                    position += stretch.transferTo(broker, position);
                }
            }
            return HexFormat.of().formatHex(received.get(30, TimeUnit.SECONDS));
        }
    }

    private static byte[] readFully(SocketChannel channel, int size) {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        try {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes) < 0) {
                    throw new EOFException("The socket closed after " + bytes.position() + " of " + size + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.array();
    }

    /**
     * How many segment files this process holds open though they were deleted, as Linux lists its open files: a file
     * descriptor's link names the file, followed by {@code (deleted)} once it is.
     */
    private long deletedSegmentFilesHeldOpen() throws IOException {
        String segmentsRoot = dataDir.toRealPath().resolve(PartitionSegments.ROOT).toString();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(RocksDbReadToSendTest::linkTarget)
                    .filter(target -> target.startsWith(segmentsRoot) && target.endsWith(" (deleted)"))
                    .count();
        }
    }

    private static String linkTarget(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            // closed since it was listed, such as the listing's own
            return "";
        }
    }

    private Path segments() {
        return PartitionSegments.directoryOf(dataDir.toAbsolutePath().resolve(PartitionSegments.ROOT), ORDERS_0);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(segments())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String hex(List<RecordBatch> batches) {
        StringBuilder hex = new StringBuilder();
        for (RecordBatch batch : batches) {
            ByteBuffer bytes = batch.bytes();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            hex.append(HexFormat.of().formatHex(copy));
        }
        return hex.toString();
    }

    private static int bytes(List<RecordBatch> batches) {
        return batches.stream().mapToInt(RecordBatch::sizeInBytes).sum();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** A socket taking at most {@code most} bytes a write, or none: one whose buffer is nearly full, or full. */
    private static final class TricklingChannel implements WritableByteChannel {

        private final int most;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        TricklingChannel(int most) {
            this.most = most;
        }

        @Override
        public int write(ByteBuffer source) {
            byte[] taken = new byte[Math.min(most, source.remaining())];
            source.get(taken);
            received.writeBytes(taken);
            return taken.length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
