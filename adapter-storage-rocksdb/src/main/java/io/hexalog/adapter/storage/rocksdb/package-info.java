/**
 * Persistent storage on embedded RocksDB. {@link io.hexalog.adapter.storage.rocksdb.RocksDbStorage} is the
 * only entry point; layout, durability and tuning are described in {@code docs/storage.md}.
 */
package io.hexalog.adapter.storage.rocksdb;
