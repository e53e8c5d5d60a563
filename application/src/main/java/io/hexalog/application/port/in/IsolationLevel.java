package io.hexalog.application.port.in;

/**
 * Which records a reader sees: READ_UNCOMMITTED reads up to the high watermark, READ_COMMITTED up to the last
 * stable offset (the start of the oldest ongoing transaction), with the aborted transactions to drop. Without
 * transactions the last stable offset equals the high watermark, so both levels read the same records.
 */
public enum IsolationLevel {
    READ_UNCOMMITTED, READ_COMMITTED
}
