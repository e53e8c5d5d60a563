package io.hexalog.adapter.http.admin;

/** The body of {@code PATCH .../topics/{topic_name}}: the partition count the topic is to have. */
record PartitionCountRequest(Integer partitionsCount) {

    PartitionCountRequest {
        if (partitionsCount == null) {
            throw new IllegalArgumentException("partitions_count is required");
        }
    }
}
