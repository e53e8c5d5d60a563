package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.partition.AbortedTransaction;

import java.nio.ByteBuffer;

/**
 * Aborted transaction values: a version byte (1), the producer ID and the transaction's first offset (int64
 * each, big-endian). The key ends with the transaction's last offset, its abort marker's.
 */
final class AbortedTransactionCodec {

    private static final byte VERSION = 1;

    private AbortedTransactionCodec() {
    }

    static byte[] encode(AbortedTransaction transaction) {
        return ByteBuffer.allocate(1 + 2 * Long.BYTES)
                .put(VERSION)
                .putLong(transaction.producerId())
                .putLong(transaction.firstOffset())
                .array();
    }

    static AbortedTransaction decode(long lastOffset, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new IllegalStateException("Unknown aborted transaction record version " + version);
        }
        return new AbortedTransaction(buffer.getLong(), buffer.getLong(), lastOffset);
    }
}
