package io.hexalog.application.testdata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Reads and writes the zigzag varlongs of Kafka's v2 records, for test code that looks inside a batch. */
public final class Varlongs {

    private Varlongs() {
    }

    /** The next varlong of {@code buffer}, which moves past it. */
    public static long read(ByteBuffer buffer) {
        long raw = 0;
        int shift = 0;
        byte b;
        do {
            b = buffer.get();
            raw |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Writes {@code value} as a zigzag varlong. */
    public static void write(ByteArrayOutputStream out, long value) {
        long raw = (value << 1) ^ (value >> 63);
        while ((raw & ~0x7FL) != 0) {
            out.write((int) ((raw & 0x7F) | 0x80));
            raw >>>= 7;
        }
        out.write((int) raw);
    }
}
