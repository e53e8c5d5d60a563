package io.hexalog.application.port.in;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Objects;

/** Record batches a producer sends to one partition, in the order it sent them. */
public record AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches) {

    public AppendRecordsCommand {
        Objects.requireNonNull(partition, "partition");
        batches = List.copyOf(batches);
    }
}
