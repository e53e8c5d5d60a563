package io.hexalog.domain.log;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The end of a producer's transaction on one partition, as Kafka writes it into the log: a control batch
 * (attributes: control and transactional) of the producer's ID and epoch, no sequence, holding one record whose
 * key is version 0 and the {@link ControlRecordType}, and whose value is version 0 and the coordinator epoch (see
 * <a href="https://cwiki.apache.org/confluence/display/KAFKA/KIP-98+-+Exactly+Once+Delivery+and+Transactional+Messaging">KIP-98</a>).
 *
 * @param timestamp the batch's timestamp, given by whoever decided the marker, so every replica writes the same bytes
 */
public record EndTransactionMarker(ControlRecordType type, long producerId, short producerEpoch,
                                   int coordinatorEpoch, long timestamp) {

    private static final short ATTRIBUTES = 0x10 | 0x20;
    private static final short KEY_VERSION = 0;
    private static final short VALUE_VERSION = 0;
    private static final int KEY_SIZE = 4;
    private static final int VALUE_SIZE = 6;
    /** attributes, timestamp delta, offset delta, key length, key, value length, value, header count. */
    private static final int RECORD_BODY_SIZE = 1 + 1 + 1 + 1 + KEY_SIZE + 1 + VALUE_SIZE + 1;

    public EndTransactionMarker {
        Objects.requireNonNull(type, "type");
        if (producerId < 0) {
            throw new IllegalArgumentException("A transaction marker needs a producer id, not " + producerId);
        }
    }

    /** The control batch at base offset 0; the log assigns its offset like any batch's. */
    public RecordBatch toBatch() {
        ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + 1 + RECORD_BODY_SIZE);
        buffer.putLong(0L)
                .putInt(buffer.capacity() - RecordBatch.LOG_OVERHEAD)
                .putInt(-1)
                .put(RecordBatch.MAGIC_V2)
                .putInt(0)
                .putShort(ATTRIBUTES)
                .putInt(0)
                .putLong(timestamp)
                .putLong(timestamp)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(RecordBatch.NO_SEQUENCE)
                .putInt(1);
        // one record; every varint here is a small zigzag-encoded number, so one byte each
        buffer.put(zigzag(RECORD_BODY_SIZE))
                .put((byte) 0)
                .put(zigzag(0))
                .put(zigzag(0))
                .put(zigzag(KEY_SIZE)).putShort(KEY_VERSION).putShort(type.id())
                .put(zigzag(VALUE_SIZE)).putShort(VALUE_VERSION).putInt(coordinatorEpoch)
                .put(zigzag(0));
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(21).limit(buffer.capacity()));
        buffer.putInt(17, (int) crc.getValue());
        return RecordBatch.wrap(buffer.flip());
    }

    private static byte zigzag(int small) {
        return (byte) (small << 1);
    }
}
