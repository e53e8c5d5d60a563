package io.hexalog.adapter.http.admin;

/**
 * A group's total lag and the partition where it lags most, {@code KafkaConsumerGroupLagSummary}. A group
 * without committed offsets has no such partition: its {@code max_lag_*} fields are null and its lags 0.
 */
record ConsumerGroupLagSummaryData(String kind, ResourceMetadata metadata, String clusterId, String consumerGroupId,
                                   String maxLagConsumerId, String maxLagInstanceId, String maxLagClientId,
                                   String maxLagTopicName, Integer maxLagPartitionId, long maxLag, long totalLag,
                                   Relationship maxLagConsumer, Relationship maxLagPartition) {
}
