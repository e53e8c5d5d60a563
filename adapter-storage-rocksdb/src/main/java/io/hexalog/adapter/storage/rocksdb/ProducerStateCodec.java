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
 */
final class ProducerStateCodec {

    private static final byte VERSION = 1;
    private static final byte VERSION_WITH_TRANSACTION = 2;
    private static final int BATCH_SIZE = 2 * Integer.BYTES + 2 * Long.BYTES;
    private static final int TRANSACTION_SIZE = Integer.BYTES + Long.BYTES;

    private ProducerStateCodec() {
    }

    static byte[] encode(ProducerStateEntry state) {
        List<BatchMetadata> batches = state.batches();
        boolean transactional = state.hasOngoingTransaction()
                || state.coordinatorEpoch() != ProducerStateEntry.NO_COORDINATOR_EPOCH;
        ByteBuffer buffer = ByteBuffer.allocate(1 + Long.BYTES + Short.BYTES + 1 + batches.size() * BATCH_SIZE
                        + (transactional ? TRANSACTION_SIZE : 0))
                .put(transactional ? VERSION_WITH_TRANSACTION : VERSION)
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
        return buffer.array();
    }

    static ProducerStateEntry decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION && version != VERSION_WITH_TRANSACTION) {
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
        return new ProducerStateEntry(producerId, epoch, batches, buffer.getInt(), buffer.getLong());
    }
}
