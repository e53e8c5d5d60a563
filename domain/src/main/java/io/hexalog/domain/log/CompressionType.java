package io.hexalog.domain.log;

import io.hexalog.domain.error.CorruptRecordException;

/** The codec a producer compressed a batch with, from the low three bits of the batch attributes. */
public enum CompressionType {
    NONE(0), GZIP(1), SNAPPY(2), LZ4(3), ZSTD(4);

    private final int id;

    CompressionType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    static CompressionType fromId(int id) {
        for (CompressionType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new CorruptRecordException("Unknown compression codec id " + id);
    }
}
