package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.log.UnreadBytes;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A stretch of a store's file in the outgoing stream of a connection: Netty's NIO transport hands the socket to
 * {@link #transferTo}, and the store's file channel sends the bytes to it ({@code sendfile} on Linux), so that they
 * never enter the broker's memory. The stretch belongs to its fetch's slice, which is released once the response has
 * left; releasing the region itself frees nothing.
 */
final class UnreadBytesRegion extends AbstractReferenceCounted implements FileRegion {

    private final UnreadBytes stretch;
    private long transferred;

    UnreadBytesRegion(UnreadBytes stretch) {
        this.stretch = stretch;
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public long count() {
        return stretch.sizeInBytes();
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Deprecated
    @Override
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long written = stretch.transferTo(target, position);
        transferred += written;
        return written;
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // the slice holding the stretch is released with the response (FetchHandler), not by the transport
    }

    @Override
    public String toString() {
        return "UnreadBytesRegion[" + stretch + ", " + transferred + " of " + count() + " sent]";
    }
}
