package io.hexalog.adapter.http.admin;

import java.util.List;

/**
 * The body of the extension {@code POST .../consumer-groups/{consumer_group_id}/offsets:reset}.
 *
 * @param resetTo   {@code EARLIEST}, {@code LATEST}, {@code TIMESTAMP} (the first record at or after
 *                  {@code timestamp}, or the end where none is) or {@code OFFSETS} (the {@code offsets} given)
 * @param topicName for the first three: reset every partition of this topic; the partitions the group has
 *                  offsets for when absent
 */
record ResetOffsetsRequest(String resetTo, Long timestamp, String topicName, List<GroupOffsetData> offsets) {

    enum ResetTo { EARLIEST, LATEST, TIMESTAMP, OFFSETS }

    ResetOffsetsRequest {
        if (resetTo == null) {
            throw new IllegalArgumentException("reset_to is required: EARLIEST, LATEST, TIMESTAMP or OFFSETS");
        }
        ResetTo kind = kind(resetTo);
        if (kind == ResetTo.TIMESTAMP && (timestamp == null || timestamp < 0)) {
            throw new IllegalArgumentException("timestamp (milliseconds since the epoch, at or above 0) is required"
                    + " to reset to a TIMESTAMP");
        }
        if (kind == ResetTo.OFFSETS && (offsets == null || offsets.isEmpty())) {
            throw new IllegalArgumentException("offsets are required to reset to OFFSETS");
        }
        if (offsets != null) {
            for (GroupOffsetData offset : offsets) {
                if (offset.topicName() == null || offset.partitionId() < 0 || offset.offset() < 0) {
                    throw new IllegalArgumentException("offsets[] need a topic_name, a partition_id and an offset,"
                            + " neither negative");
                }
            }
        }
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
    }

    ResetTo kind() {
        return kind(resetTo);
    }

    private static ResetTo kind(String resetTo) {
        try {
            return ResetTo.valueOf(resetTo);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reset_to must be EARLIEST, LATEST, TIMESTAMP or OFFSETS, was " + resetTo);
        }
    }
}
