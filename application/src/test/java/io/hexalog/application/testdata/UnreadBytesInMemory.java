package io.hexalog.application.testdata;

import io.hexalog.domain.log.UnreadBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.HexFormat;

/**
 * Unread bytes that lie in an array: what a store's file looks like to the code that holds and sends a slice.
 *
 * @param mostPerTransfer the most bytes one {@link #transferTo} writes, as a socket with little room takes them
 */
public record UnreadBytesInMemory(byte[] bytes, int mostPerTransfer) implements UnreadBytes {

    public UnreadBytesInMemory(byte[] bytes) {
        this(bytes, Integer.MAX_VALUE);
    }

    public static UnreadBytesInMemory ofHex(String hex) {
        return new UnreadBytesInMemory(HexFormat.of().parseHex(hex));
    }

    @Override
    public int sizeInBytes() {
        return bytes.length;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        int count = (int) Math.min(mostPerTransfer, bytes.length - position);
        return target.write(ByteBuffer.wrap(bytes, (int) position, count));
    }
}
