package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.topic.Topic;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The outcome of applying a command, as the leader sends it back to the broker that submitted it: the value the
 * applier yielded, or the broker error it failed with (its class among the domain's errors, and its message), so
 * that the submitter fails with the same error a single broker would have.
 */
final class Outcomes {

    private static final byte SUCCESS = 0;
    private static final byte FAILURE = 1;
    /** The outcomes of an entry of several commands, in the commands' order. */
    private static final byte SEVERAL = 2;
    private static final String DOMAIN_ERRORS = HexalogException.class.getPackageName() + ".";

    private Outcomes() {
    }

    static byte[] success(Object value) {
        return CommandCodec.write(out -> {
            out.writeByte(SUCCESS);
            if (value instanceof ReplicatedCommand.Appended appended) {
                out.writeLong(appended.firstOffset());
                out.writeLong(appended.logStartOffset());
            } else if (value instanceof Topic topic) {
                out.writeUTF(topic.id().uuid().toString());
            } else if (value instanceof Boolean flag) {
                out.writeBoolean(flag);
            } else if (value instanceof Long number) {
                out.writeLong(number);
            }
        });
    }

    static byte[] failure(Throwable failure) {
        HexalogException known = failure instanceof HexalogException hexalog ? hexalog
                : new KafkaStorageException("Applying the change failed: " + failure);
        return CommandCodec.write(out -> {
            out.writeByte(FAILURE);
            out.writeUTF(known.getClass().getName());
            out.writeUTF(String.valueOf(known.getMessage()));
        });
    }

    /** One answer to an entry of several commands: each command's outcome, in their order. */
    static byte[] several(List<byte[]> outcomes) {
        return CommandCodec.frame(SEVERAL, outcomes);
    }

    /** The outcomes {@link #several} put together, in their order. */
    static List<byte[]> parts(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != SEVERAL) {
            throw new IllegalArgumentException("Not the outcome of several commands");
        }
        return CommandCodec.unframe(ByteBuffer.wrap(bytes)).stream().map(CommandCodec::bytesOf).toList();
    }

    /**
     * The value of an outcome, for the command it answers.
     *
     * @throws HexalogException the error the command failed with
     */
    @SuppressWarnings("unchecked")
    static <R> R read(ReplicatedCommand<R> command, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() == FAILURE) {
                throw error(in.readUTF(), in.readUTF());
            }
            if (command instanceof ReplicatedCommand.AppendBatches) {
                return (R) new ReplicatedCommand.Appended(in.readLong(), in.readLong());
            }
            if (command instanceof ReplicatedCommand.CreateTopic create) {
                in.readUTF();
                return (R) create.topic();
            }
            if (command instanceof ReplicatedCommand.UpdateTopic || command instanceof ReplicatedCommand.DeleteTopic
                    || command instanceof ReplicatedCommand.AdvanceLogStartOffset) {
                return (R) Boolean.valueOf(in.readBoolean());
            }
            if (command instanceof ReplicatedCommand.ClaimProducerIds
                    || command instanceof ReplicatedCommand.WriteTxnMarker) {
                return (R) Long.valueOf(in.readLong());
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable outcome", e);
        }
    }

    /** Rebuilds a domain error by its class name; a name outside the domain's errors becomes a storage error. */
    private static HexalogException error(String className, String message) {
        if (className.startsWith(DOMAIN_ERRORS)) {
            try {
                Class<?> type = Class.forName(className);
                if (HexalogException.class.isAssignableFrom(type)) {
                    Constructor<?> constructor = type.getConstructor(String.class);
                    return (HexalogException) constructor.newInstance(message);
                }
            } catch (ReflectiveOperationException e) {
                // falls through to the generic error below
            }
        }
        return new KafkaStorageException(message);
    }

}
