package io.hexalog.application.port.in;

import io.hexalog.application.port.out.LogSlice;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Optional;

/** The outcome of a fetch, one entry per requested partition, in request order. */
public record FetchResult(List<PartitionData> partitions) {

    public FetchResult {
        partitions = List.copyOf(partitions);
    }

    /**
     * What was read from one partition, or why nothing could be.
     *
     * @param highWatermark    end of the committed log, -1 when unknown
     * @param lastStableOffset end of what read-committed consumers may see, -1 when unknown
     * @param logStartOffset   first offset in the log, -1 when unknown
     */
    public record PartitionData(TopicIdPartition partition, Optional<HexalogException> error, long highWatermark,
                                long lastStableOffset, long logStartOffset, LogSlice records) {

        public static PartitionData failed(TopicIdPartition partition, HexalogException error) {
            return new PartitionData(partition, Optional.of(error), -1, -1, -1, LogSlice.EMPTY);
        }
    }
}
