package io.hexalog.adapter.http.admin;

/** What deleting records left of a partition, {@code KafkaDeletedRecords}: its new log start offset. */
record DeletedRecordsData(String kind, ResourceMetadata metadata, String clusterId, String topicName, int partitionId,
                          long lowWatermark) {
}
