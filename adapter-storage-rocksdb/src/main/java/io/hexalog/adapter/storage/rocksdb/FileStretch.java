package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.UnreadBytes;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A run of batches lying back to back in a segment file, left there for a socket to be given: the read holds a
 * reference to the file, which keeps its channel open (even once the batches are deleted or moved and the file with
 * them) until {@link #release}.
 */
final class FileStretch implements UnreadBytes {

    private final SegmentFile file;
    private final long start;
    private final int size;

    /** A stretch of {@code file}, which the caller retained for it: {@link #release} gives that reference back. */
    FileStretch(SegmentFile file, long start, int size) {
        this.file = file;
        this.start = start;
        this.size = size;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (position < 0 || position > size) {
            throw new IllegalArgumentException("Position " + position + " outside a stretch of " + size + " bytes");
        }
        long left = size - position;
        if (left == 0) {
            return 0;
        }
        long written = file.transferTo(start + position, left, target);
        if (written == 0 && file.size() < start + size) {
            // A socket that takes nothing now is asked again later; a file that ends early never has the bytes.
            throw new EOFException(file + " ends at " + file.size() + ", before the stretch of " + size + " bytes at "
                    + start + " does");
        }
        return written;
    }

    /** Gives the file's reference back. */
    void release() {
        file.release();
    }

    @Override
    public String toString() {
        return file + "[" + start + ", " + (start + size) + ")";
    }
}
