package io.hexalog.application.testdata;

import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.UnreadBytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.HexFormat;

/** What a socket receives of a slice, whichever its form: its batches' bytes, or its stretches sent one by one. */
public final class SentBytes {

    private SentBytes() {
    }

    /**
     * The bytes, as hex.
     *
     * @throws AssertionError if a stretch fails, or sends nothing to a channel that takes every byte
     */
    public static String of(LogSlice slice) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        if (slice.inMemory()) {
            for (RecordBatch batch : slice.batches()) {
                ByteBuffer bytes = batch.bytes();
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                sent.writeBytes(copy);
            }
            return HexFormat.of().formatHex(sent.toByteArray());
        }
        WritableByteChannel socket = Channels.newChannel(sent);
        for (UnreadBytes stretch : slice.unread()) {
            long position = 0;
            while (position < stretch.sizeInBytes()) {
                long written;
                try {
                    written = stretch.transferTo(socket, position);
                } catch (IOException e) {
                    throw new AssertionError("Sending " + stretch + " from " + position + " failed", e);
                }
                if (written <= 0) {
                    throw new AssertionError(stretch + " sent nothing from " + position + " of its "
                            + stretch.sizeInBytes() + " bytes to a channel taking every byte");
                }
                position += written;
            }
        }
        return HexFormat.of().formatHex(sent.toByteArray());
    }
}
