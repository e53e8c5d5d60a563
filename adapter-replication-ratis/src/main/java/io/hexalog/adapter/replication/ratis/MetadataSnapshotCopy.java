package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies the metadata group's latest snapshot from its leader to a member whose log lost what the leader's log no
 * longer holds, such as a node whose data directory was emptied: the member then applies the snapshot and follows
 * the log from there, instead of waiting for entries the leader purged long ago.
 *
 * <p>The copy is asked for in chunks, as read-only queries that Ratis takes to the group's leader wherever it is
 * ({@link CommandStateMachine#query}). Each chunk names the snapshot it belongs to; a leader that no longer keeps
 * that snapshot (it took two newer ones, or leadership moved to a node that never had it) says so, and the copy
 * starts again from the leader's latest. The snapshot file carries its own CRC, checked before it is applied.
 */
final class MetadataSnapshotCopy {

    /** The snapshot files a leader holds. */
    interface Held {

        /** The latest snapshot, or null if there is none. */
        SingleFileSnapshotInfo latest();

        /** Where the snapshot of {@code term} and {@code index} is, or was. */
        Path file(long term, long index);
    }

    /** A whole snapshot as the leader holds it: the state at {@code termIndex}. */
    record Copied(TermIndex termIndex, byte[] content) {
    }

    /** "HXSQ": a question for a chunk of the leader's metadata snapshot. */
    private static final int QUESTION = 0x48585351;
    private static final byte FOUND = 0;
    private static final byte GONE = 1;
    /** For a question's term and index: the latest snapshot the leader holds, whichever it is. */
    private static final long LATEST = -1;
    /** How often a copy starts again when the snapshot it copies is replaced under it. */
    private static final int ATTEMPTS = 5;

    private MetadataSnapshotCopy() {
    }

    /** Whether {@code message} is a question of this copy, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length >= Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /**
     * Copies the leader's latest snapshot, {@code chunkBytes} at a time.
     *
     * @throws IOException if the leader cannot be asked, holds no snapshot, or replaced the snapshot under the
     *                     copy more than a few times
     */
    static Copied copy(AnsweringMember leader, int chunkBytes) throws IOException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Answer first = Answer.read(leader.ask(question(LATEST, LATEST, 0, chunkBytes)));
            if (!first.found()) {
                throw new IOException("The metadata group's leader holds no snapshot to copy");
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream((int) Math.min(first.total(), 64L << 20));
            content.write(first.chunk());
            Answer next = first;
            while (next.found() && content.size() < first.total()) {
                next = Answer.read(leader.ask(question(first.term(), first.index(), content.size(), chunkBytes)));
                if (next.found()) {
                    if (next.chunk().length == 0) {
                        throw new IOException("The leader's metadata snapshot at index " + first.index()
                                + " ended at " + content.size() + " of its " + first.total() + " bytes");
                    }
                    content.write(next.chunk());
                }
            }
            if (next.found()) {
                return new Copied(TermIndex.valueOf(first.term(), first.index()), content.toByteArray());
            }
        }
        throw new IOException("The metadata group's leader replaced its snapshot " + ATTEMPTS
                + " times while it was copied");
    }

    /**
     * The leader's answer to {@code question}: the chunk it asks for of the snapshot it names, or of the latest
     * one; or that the snapshot is gone.
     */
    static byte[] answer(byte[] question, Held snapshots) throws IOException {
        ByteBuffer asked = ByteBuffer.wrap(question);
        asked.getInt();
        long term = asked.getLong();
        long index = asked.getLong();
        long offset = asked.getLong();
        int maxBytes = asked.getInt();
        Path file;
        if (index == LATEST) {
            SingleFileSnapshotInfo latest = snapshots.latest();
            if (latest == null) {
                return gone();
            }
            term = latest.getTerm();
            index = latest.getIndex();
            file = latest.getFile().getPath();
        } else {
            file = snapshots.file(term, index);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long total = channel.size();
            int length = (int) Math.max(0, Math.min(maxBytes, total - offset));
            ByteBuffer answer = ByteBuffer.allocate(1 + 3 * Long.BYTES + Integer.BYTES + length);
            answer.put(FOUND).putLong(term).putLong(index).putLong(total).putInt(length);
            int header = answer.position();
            while (answer.hasRemaining()) {
                if (channel.read(answer, offset + answer.position() - header) < 0) {
                    throw new IOException("The metadata snapshot " + file + " is shorter than it was");
                }
            }
            return answer.array();
        } catch (NoSuchFileException e) {
            return gone();
        }
    }

    private static byte[] question(long term, long index, long offset, int maxBytes) {
        return ByteBuffer.allocate(Integer.BYTES + 3 * Long.BYTES + Integer.BYTES)
                .putInt(QUESTION).putLong(term).putLong(index).putLong(offset).putInt(maxBytes).array();
    }

    private static byte[] gone() {
        return new byte[] {GONE};
    }

    private record Answer(boolean found, long term, long index, long total, byte[] chunk) {

        static Answer read(byte[] bytes) throws IOException {
            ByteBuffer answer = ByteBuffer.wrap(bytes);
            if (!answer.hasRemaining()) {
                throw new IOException("The metadata group's leader gave an empty answer");
            }
            if (answer.get() != FOUND) {
                return new Answer(false, 0, 0, 0, new byte[0]);
            }
            long term = answer.getLong();
            long index = answer.getLong();
            long total = answer.getLong();
            byte[] chunk = new byte[answer.getInt()];
            answer.get(chunk);
            return new Answer(true, term, index, total, chunk);
        }
    }
}
