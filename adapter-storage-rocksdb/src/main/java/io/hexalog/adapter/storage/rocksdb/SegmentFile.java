package io.hexalog.adapter.storage.rocksdb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file of a partition: batches back to back, byte for byte as appended, as in Kafka's {@code .log}
 * files. It is named after the base offset of the first batch written to it, twenty digits wide so that names sort
 * as offsets do; a file the log cleaner writes carries a generation too ({@code <base>.<generation>.log}), since it
 * may hold batches of an offset range an appended file is named after.
 *
 * <p>A file holds nothing by itself: a batch exists once its entry in RocksDB's {@code batch_index} names its place
 * here (see {@link PartitionSegments}). The file counts references: one for the log while it names the file, one for
 * each read in progress. The log {@link #drop}s it once no entry names it; the file is then deleted at once (a read
 * in progress keeps reading through its open channel) and its channel closed when the last read lets go.
 */
final class SegmentFile {

    /** A generation is written only when it is not 0, and fits an int. */
    private static final Pattern NAME = Pattern.compile("(\\d{20})(?:\\.([1-9]\\d{0,9}))?\\.log");

    private final Path path;
    private final long baseOffset;
    private final int generation;
    private final FileChannel channel;
    /** The log's reference while it names the file, plus one per read in progress; 0 once closed. */
    private final AtomicInteger references = new AtomicInteger(1);
    /** How many index entries name a place in this file, and their bytes; the writer thread's alone. */
    private int batches;
    private long liveBytes;
    private long nextOffset;
    /** Where the last batch an index entry names ends: what the file holds that counts. */
    private volatile long end;
    private volatile boolean unforced;

    private SegmentFile(Path path, long baseOffset, int generation, FileChannel channel) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.generation = generation;
        this.channel = channel;
    }

    /**
     * Creates the file, emptying one left by an earlier, failed write under the same name, and forces the directory,
     * so that the file's name survives a power cut as its forced bytes do.
     */
    static SegmentFile create(Path directory, long baseOffset, int generation) throws IOException {
        boolean newDirectory = !Files.isDirectory(directory);
        Files.createDirectories(directory);
        Path path = directory.resolve(fileName(baseOffset, generation));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            forceDirectory(directory);
            if (newDirectory) {
                forceDirectory(directory.getParent());
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new SegmentFile(path, baseOffset, generation, channel);
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
            entries.force(true);
        }
    }

    /**
     * Opens an existing file. Its bytes count as not forced: a process killed before it forced them leaves them in the
     * page cache only.
     */
    static SegmentFile open(Path directory, long baseOffset, int generation) throws IOException {
        Path path = directory.resolve(fileName(baseOffset, generation));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SegmentFile file = new SegmentFile(path, baseOffset, generation, channel);
        file.unforced = true;
        return file;
    }

    static String fileName(long baseOffset, int generation) {
        return generation == 0 ? String.format("%020d.log", baseOffset)
                : String.format("%020d.%d.log", baseOffset, generation);
    }

    /** The base offset and generation a file name stands for; empty for a name this class does not give. */
    static Optional<long[]> parseName(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            long generation = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
            if (generation > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            return Optional.of(new long[] {Long.parseLong(matcher.group(1)), generation});
        } catch (NumberFormatException e) {
            // twenty digits beyond the greatest offset
            return Optional.empty();
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    int generation() {
        return generation;
    }

    Path path() {
        return path;
    }

    /** Writes all of {@code bytes} at {@code position}. */
    void write(ByteBuffer bytes, long position) throws IOException {
        unforced = true;
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /**
     * Fills {@code target} from {@code position} on.
     *
     * @throws EOFException if the file ends before
     */
    void read(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new EOFException(path + " ends at " + at + ", before the " + target.remaining()
                        + " more bytes wanted");
            }
            at += read;
        }
    }

    /**
     * Writes up to {@code count} bytes from {@code position} on to {@code target}, as many as it takes now: from the
     * page cache to a socket with {@code sendfile} on Linux, the bytes never entering this process.
     *
     * @return the bytes written
     */
    long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return channel.transferTo(position, count, target);
    }

    /**
     * Forces the file's bytes to the disk (its size too, not its other metadata). A file already dropped and closed
     * has nothing left to force.
     */
    void force() throws IOException {
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            // dropped meanwhile: no index entry names it any more
        }
        unforced = false;
    }

    /** Whether bytes were written since the file was last forced. */
    boolean unforced() {
        return unforced;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Cuts the file at {@code size}: a tail no index entry names. */
    void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    /** A reference for a read; false if the file was closed meanwhile (its batches were deleted or moved). */
    boolean retain() {
        while (true) {
            int count = references.get();
            if (count <= 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives a read's reference back; the last one closes the channel. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeQuietly();
        }
    }

    /** The log no longer names the file: it is deleted now, and closed once no read holds it. */
    void drop() throws IOException {
        try {
            Files.deleteIfExists(path);
        } finally {
            release();
        }
    }

    /** The log closes: the file stays, its channel is closed once no read holds it. */
    void close() {
        release();
    }

    /** Whether its channel is still open: for tests. */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** One more index entry names a batch here. Writer thread. */
    void named(BatchPlace place) {
        batches++;
        liveBytes += place.sizeInBytes();
        if (place.end() > end) {
            end = place.end();
        }
        if (place.nextOffset() > nextOffset) {
            nextOffset = place.nextOffset();
        }
    }

    /** An index entry naming a batch here is gone. Writer thread. */
    void unnamed(BatchPlace place) {
        batches--;
        liveBytes -= place.sizeInBytes();
    }

    /** The bytes of the batches index entries name here. Writer thread. */
    long liveBytes() {
        return liveBytes;
    }

    /**
     * The offset after the last batch ever named here: with the file's base offset, the range of offsets its batches
     * lie in (a file is written in offset order). Writer thread.
     */
    long nextOffset() {
        return nextOffset;
    }

    /** How many index entries name a batch here. */
    int batches() {
        return batches;
    }

    /** Where the last batch named here ends: the bytes of the file that count. */
    long end() {
        return end;
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing loses nothing: what was written is in the page cache, forced or not
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
