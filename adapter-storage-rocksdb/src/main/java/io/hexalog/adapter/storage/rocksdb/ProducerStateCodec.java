package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Producer state values: a version byte, producer ID (int64), epoch (int16), the number of batches
 * (int8, at most {@link ProducerStateEntry#BATCHES_RETAINED}) and per batch its first and last sequence
 * (int32 each) and first and last offset (int64 each), all big-endian. Version 2 adds, at the end, the
 * coordinator epoch of the last transaction marker (int32) and the first offset of the ongoing transaction
 * (int64, -1 for none); a producer that never took part in a transaction is written in version 1, as before.
 * Version 3 has the fields of version 2 and then the max timestamp of the producer's last batch or marker
 * (int64), which Kafka keeps in its producer snapshot too; it is written for every producer whose last timestamp
 * is known. Versions 1 and 2 read with no timestamp (-1).
 */
final class ProducerStateCodec {

    private static final byte VERSION = 1;
    private static final byte VERSION_WITH_TRANSACTION = 2;
    private static final byte VERSION_WITH_TIMESTAMP = 3;
    private static final int BATCH_SIZE = 2 * Integer.BYTES + 2 * Long.BYTES;
    private static final int TRANSACTION_SIZE = Integer.BYTES + Long.BYTES;

    private ProducerStateCodec() {
    }

    static byte[] encode(ProducerStateEntry state) {
        List<BatchMetadata> batches = state.batches();
        boolean timestamped = state.lastTimestamp() != ProducerStateEntry.NO_TIMESTAMP;
        boolean transactional = timestamped || state.hasOngoingTransaction()
                || state.coordinatorEpoch() != ProducerStateEntry.NO_COORDINATOR_EPOCH;
        byte version = timestamped ? VERSION_WITH_TIMESTAMP : transactional ? VERSION_WITH_TRANSACTION : VERSION;
        ByteBuffer buffer = ByteBuffer.allocate(1 + Long.BYTES + Short.BYTES + 1 + batches.size() * BATCH_SIZE
                        + (transactional ? TRANSACTION_SIZE : 0) + (timestamped ? Long.BYTES : 0))
                .put(version)
                .putLong(state.producerId())
                .putShort(state.producerEpoch())
                .put((byte) batches.size());
        for (BatchMetadata batch : batches) {
            buffer.putInt(batch.firstSequence())
                    .putInt(batch.lastSequence())
                    .putLong(batch.firstOffset())
                    .putLong(batch.lastOffset());
        }
        if (transactional) {
            buffer.putInt(state.coordinatorEpoch()).putLong(state.currentTxnFirstOffset());
        }
        if (timestamped) {
            buffer.putLong(state.lastTimestamp());
        }
        return buffer.array();
    }

    static ProducerStateEntry decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION && version != VERSION_WITH_TRANSACTION && version != VERSION_WITH_TIMESTAMP) {
            throw new IllegalStateException("Unknown producer state record version " + version);
        }
        long producerId = buffer.getLong();
        short epoch = buffer.getShort();
        int count = buffer.get();
        List<BatchMetadata> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong()));
        }
        if (version == VERSION) {
            return new ProducerStateEntry(producerId, epoch, batches);
        }
        int coordinatorEpoch = buffer.getInt();
        long currentTxnFirstOffset = buffer.getLong();
        long lastTimestamp = version == VERSION_WITH_TIMESTAMP ? buffer.getLong() : ProducerStateEntry.NO_TIMESTAMP;
        return new ProducerStateEntry(producerId, epoch, batches, coordinatorEpoch, currentTxnFirstOffset,
                lastTimestamp);
    }
}
