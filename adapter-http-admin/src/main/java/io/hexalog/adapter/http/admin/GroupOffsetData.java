package io.hexalog.adapter.http.admin;

/** A group's committed offset of one partition, as a reset left it. */
record GroupOffsetData(String topicName, int partitionId, long offset) {
}
