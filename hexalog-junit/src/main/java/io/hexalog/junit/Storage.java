package io.hexalog.junit;

/** Where a {@link HexalogBroker} keeps records. */
public enum Storage {

    /** In the JVM's memory: the quickest to start, and nothing is left behind. */
    MEMORY,

    /** In RocksDB, in a temporary directory that is deleted when the broker stops: the storage of production. */
    ROCKSDB
}
