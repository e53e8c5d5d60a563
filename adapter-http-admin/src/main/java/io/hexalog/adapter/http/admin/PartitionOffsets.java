package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/**
 * Where a partition's log begins and ends, as a consumer's {@code beginningOffsets} and {@code endOffsets} tell
 * it: the log start offset and the high watermark. The records a consumer from the start would read lie between.
 */
record PartitionOffsets(long beginning, long end) {

    PartitionOffsets {
        if (beginning < 0 || end < beginning) {
            throw new IllegalArgumentException("offsets must satisfy 0 <= beginning <= end, were " + beginning + ", " + end);
        }
    }

    static CompletableFuture<PartitionOffsets> of(ListOffsetsQuery listOffsets, TopicIdPartition partition) {
        CompletableFuture<Long> beginning = offset(listOffsets, partition, new OffsetSpec.Earliest());
        CompletableFuture<Long> end = offset(listOffsets, partition, new OffsetSpec.Latest());
        return beginning.thenCombine(end, PartitionOffsets::new);
    }

    private static CompletableFuture<Long> offset(ListOffsetsQuery listOffsets, TopicIdPartition partition,
                                                  OffsetSpec spec) {
        // The earliest and latest offsets always exist; only lookups by time can find nothing.
        return listOffsets.listOffset(partition, spec, IsolationLevel.READ_UNCOMMITTED)
                .thenApply(found -> found.map(ListedOffset::offset).orElse(0L));
    }
}
