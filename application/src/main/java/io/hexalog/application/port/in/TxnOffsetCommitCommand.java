package io.hexalog.application.port.in;

import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Offsets a transactional producer commits for a consumer group inside its transaction (TxnOffsetCommit). */
public record TxnOffsetCommitCommand(TransactionalId transactionalId, GroupId groupId, ProducerIdAndEpoch producer,
                                     Map<TopicPartition, PartitionOffset> offsets) {

    public TxnOffsetCommitCommand {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(producer, "producer");
        offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    }
}
