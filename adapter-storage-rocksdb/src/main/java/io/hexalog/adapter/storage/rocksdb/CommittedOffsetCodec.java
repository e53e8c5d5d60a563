package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.group.CommittedOffset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Committed offset values: a version byte (1), the offset (int64), whether a leader epoch follows (int8, 0
 * or 1), the leader epoch (int32, 0 when absent), the commit timestamp (int64) and the metadata (int32
 * length and UTF-8 bytes), all big-endian. The presence byte keeps "no epoch" apart from any epoch value.
 */
final class CommittedOffsetCodec {

    private static final byte VERSION = 1;
    private static final int FIXED_SIZE = 1 + Long.BYTES + 1 + Integer.BYTES + Long.BYTES + Integer.BYTES;

    private CommittedOffsetCodec() {
    }

    static byte[] encode(CommittedOffset offset) {
        byte[] metadata = offset.metadata().getBytes(StandardCharsets.UTF_8);
        OptionalInt epoch = offset.leaderEpoch();
        return ByteBuffer.allocate(FIXED_SIZE + metadata.length)
                .put(VERSION)
                .putLong(offset.offset())
                .put((byte) (epoch.isPresent() ? 1 : 0))
                .putInt(epoch.orElse(0))
                .putLong(offset.commitTimestampMs())
                .putInt(metadata.length)
                .put(metadata)
                .array();
    }

    static CommittedOffset decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new IllegalStateException("Unknown committed offset record version " + version);
        }
        long offset = buffer.getLong();
        boolean hasEpoch = buffer.get() != 0;
        int epoch = buffer.getInt();
        long commitTimestampMs = buffer.getLong();
        byte[] metadata = new byte[buffer.getInt()];
        buffer.get(metadata);
        return new CommittedOffset(offset, hasEpoch ? OptionalInt.of(epoch) : OptionalInt.empty(),
                new String(metadata, StandardCharsets.UTF_8), commitTimestampMs);
    }
}
