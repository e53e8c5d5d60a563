package io.hexalog.domain.log;

/** Whether a batch's timestamps come from the producer or are stamped by the broker on append. */
public enum TimestampType {
    CREATE_TIME, LOG_APPEND_TIME
}
