package io.hexalog.bootstrap;

/** Where the broker keeps its data, chosen with {@code --storage}. */
public enum StorageKind {
    /** On the heap: fast, and everything is gone when the broker stops. */
    MEMORY,
    /** In embedded RocksDB under {@code --data-dir}: survives restarts and crashes. */
    ROCKSDB
}
