package io.hexalog.adapter.replication.ratis;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The content of a snapshot of the metadata group: the entries that rebuild the metadata when applied to empty
 * stores, each as {@link CommandCodec} writes it in the log. A magic number and a version, the number of entries,
 * each entry's length and bytes, then a CRC-32C of all that, so that a damaged file is refused rather than half
 * applied.
 */
final class MetadataSnapshotFile {

    /** "HXMD": a Hexalog metadata snapshot. */
    private static final int MAGIC = 0x48584D44;
    private static final int VERSION = 1;

    private MetadataSnapshotFile() {
    }

    static byte[] write(List<byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            for (byte[] entry : entries) {
                out.writeInt(entry.length);
                out.write(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        return ByteBuffer.allocate(bytes.size() + Integer.BYTES).put(bytes.toByteArray()).putInt((int) crc.getValue())
                .array();
    }

    /**
     * The entries of a snapshot file, in order.
     *
     * @throws IOException naming the file, if it is not a metadata snapshot, of a later version, or damaged
     */
    static List<byte[]> read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * The entries of a snapshot's content, in order.
     *
     * @param source how errors name where the content comes from
     * @throws IOException naming {@code source}, if the content is not a metadata snapshot, of a later version, or
     *                     damaged
     */
    static List<byte[]> read(byte[] content, String source) throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            if (buffer.getInt() != MAGIC) {
                throw new IOException("Not a metadata snapshot: " + source);
            }
            int version = buffer.getInt();
            if (version != VERSION) {
                throw new IOException("The metadata snapshot " + source + " has version " + version
                        + ", which this broker cannot read (it reads version " + VERSION + ")");
            }
            CRC32C crc = new CRC32C();
            crc.update(content, 0, content.length - Integer.BYTES);
            if ((int) crc.getValue() != ByteBuffer.wrap(content, content.length - Integer.BYTES, Integer.BYTES).getInt()) {
                throw new IOException("The metadata snapshot " + source + " is damaged (its checksum does not match)");
            }
            int count = buffer.getInt();
            List<byte[]> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] entry = new byte[buffer.getInt()];
                buffer.get(entry);
                entries.add(entry);
            }
            return entries;
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IOException("The metadata snapshot " + source + " is truncated", e);
        }
    }
}
