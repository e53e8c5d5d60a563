package io.hexalog.application.port.in;

/**
 * Which records a reader sees. Without transactions the last stable offset equals the high watermark,
 * so both levels read the same records.
 */
public enum IsolationLevel {
    READ_UNCOMMITTED, READ_COMMITTED
}
