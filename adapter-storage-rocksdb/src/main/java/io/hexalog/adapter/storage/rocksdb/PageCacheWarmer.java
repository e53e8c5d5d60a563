package io.hexalog.adapter.storage.rocksdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Brings stretches of segment files into the page cache on a reader thread, before an event loop sends them: a
 * {@code sendfile} of pages not in the cache reads the disk on the thread that calls it, and an event loop waiting
 * for the disk stalls every connection it serves (Kafka's KAFKA-7504). The stretch is sent to {@code /dev/null},
 * which on Linux reads the pages into the cache and copies nothing into this process; for pages already cached it is
 * a lookup.
 *
 * <p>Where {@code /dev/null} cannot be opened for writing, nothing is warmed: the bytes are still sent, only an event
 * loop may then wait for a cold read.
 */
final class PageCacheWarmer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PageCacheWarmer.class.getName());
    private static final Path NOWHERE = Path.of("/dev/null");

    /** Null where there is no {@code /dev/null} to send to. */
    private final FileChannel nowhere;

    private PageCacheWarmer(FileChannel nowhere) {
        this.nowhere = nowhere;
    }

    static PageCacheWarmer open() {
        try {
            return new PageCacheWarmer(FileChannel.open(NOWHERE, StandardOpenOption.WRITE));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot open " + NOWHERE + " (" + e + "): fetches sent from segment"
                    + " files are not read into the page cache first, so a cold read waits on an event loop");
            return new PageCacheWarmer(null);
        }
    }

    /** Reads {@code count} bytes of {@code file} from {@code position} into the page cache, unless it ends before. */
    void warm(SegmentFile file, long position, long count) throws IOException {
        if (nowhere == null) {
            return;
        }
        long at = position;
        long end = position + count;
        while (at < end) {
            long sent = file.transferTo(at, end - at, nowhere);
            if (sent <= 0) {
                return; // the file ends before: sending the stretch will say so
            }
            at += sent;
        }
    }

    @Override
    public void close() {
        if (nowhere != null) {
            try {
                nowhere.close();
            } catch (IOException e) {
                // nothing was written to it
            }
        }
    }
}
