package io.hexalog.adapter.storage.rocksdb;

/**
 * When RocksDB's write-ahead log is forced to disk. Either way an append completes only once it is in the
 * log, so a crash of the broker process loses nothing acknowledged; the policy decides about crashes of
 * the machine.
 */
public enum FsyncPolicy {

    /**
     * fsync the log before completing appends (one fsync serves every append written together): survives
     * power loss, at the cost of a disk flush per group of appends.
     */
    ALWAYS,

    /** Leave flushing to the operating system, as Kafka does by default: survives a crash of the process only. */
    NEVER
}
