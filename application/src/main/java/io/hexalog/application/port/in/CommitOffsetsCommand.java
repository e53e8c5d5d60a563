package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An OffsetCommit: offsets of a group's partitions, committed by a member of the given generation, or with
 * generation -1 and no member by a client outside the group's management (the admin client).
 */
public record CommitOffsetsCommand(GroupId groupId, String memberId, Optional<String> groupInstanceId,
                                   int generationId, Map<TopicPartition, PartitionOffset> offsets) {

    public CommitOffsetsCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        offsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    }

    /** One partition's offset to commit; {@code metadata} may be null, as on the wire. */
    public record PartitionOffset(long offset, OptionalInt leaderEpoch, String metadata) {
        public PartitionOffset {
            Objects.requireNonNull(leaderEpoch, "leaderEpoch");
        }
    }
}
