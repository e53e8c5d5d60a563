package io.hexalog.domain.log;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Bytes of whole batches that a store left where they lie, a stretch of one of its files, for a socket to be given
 * without the broker reading them: what Kafka does with {@code sendfile}. The batches are not in the broker's memory,
 * so nobody looks at them on the way; a {@link LogSlice} holding such stretches is read only to be sent.
 *
 * <p>Valid while the slice holding it is not released: the store keeps the file open for it until then, even if the
 * batches are deleted or moved meanwhile.
 */
public interface UnreadBytes {

    /** How many bytes the stretch holds. */
    int sizeInBytes();

    /**
     * Writes the stretch's bytes from {@code position} (0 is its first byte) to {@code target}, as many as the target
     * takes now.
     *
     * @return the bytes written, 0 if the target takes none now
     * @throws IOException if the target fails, or the stretch's file no longer holds its bytes
     */
    long transferTo(WritableByteChannel target, long position) throws IOException;
}
