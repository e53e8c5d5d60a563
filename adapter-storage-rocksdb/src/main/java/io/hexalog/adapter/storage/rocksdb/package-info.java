/**
 * Persistent storage on embedded RocksDB. Only the module skeleton exists so far; the broker refuses
 * {@code --storage=rocksdb} with a clear message until the adapter lands.
 */
package io.hexalog.adapter.storage.rocksdb;
