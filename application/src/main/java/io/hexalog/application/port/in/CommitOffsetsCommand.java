package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** An OffsetCommit: offsets of a group's partitions, and who commits them. */
public record CommitOffsetsCommand(GroupId groupId, Committer committer, Map<TopicPartition, PartitionOffset> offsets) {

    public CommitOffsetsCommand {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(committer, "committer");
        offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    }

    /**
     * Who commits: a member of the group, checked against the group's roster and generation, or a client
     * outside group management. On the wire, a commit with no member ID, no instance ID and a negative
     * generation is the latter; any other commit claims to be a member.
     */
    public sealed interface Committer {

        /**
         * A client outside the group's management: the admin client, or a consumer that assigns itself its
         * partitions. It may commit while the group is empty, and its commit creates a group that does not
         * exist.
         */
        record Unmanaged() implements Committer {
        }

        /**
         * A member of the group, or a client claiming to be one.
         *
         * @param memberId        the member ID the coordinator gave it; empty if it has none
         * @param groupInstanceId its static identity (KIP-345), if it has one
         * @param generationId    the generation it belongs to; empty if it knows none, in which case its commit
         *                        may create a group that does not exist, as an unmanaged one does
         */
        record Member(String memberId, Optional<String> groupInstanceId, OptionalInt generationId)
                implements Committer {

            public Member {
                Objects.requireNonNull(memberId, "memberId");
                Objects.requireNonNull(groupInstanceId, "groupInstanceId");
                Objects.requireNonNull(generationId, "generationId");
                if (generationId.isPresent() && generationId.getAsInt() < 0) {
                    throw new IllegalArgumentException("generation must not be negative: " + generationId.getAsInt());
                }
                if (memberId.isEmpty() && groupInstanceId.isEmpty() && generationId.isEmpty()) {
                    throw new IllegalArgumentException("a member without member ID, instance ID or generation is"
                            + " an unmanaged committer");
                }
            }

            /** A member of a generation, with the ID the coordinator gave it. */
            public static Member of(String memberId, Optional<String> groupInstanceId, int generationId) {
                return new Member(memberId, groupInstanceId, OptionalInt.of(generationId));
            }
        }
    }

    /**
     * One partition's offset to commit; {@code metadata} may be null, as on the wire. Any offset is stored as
     * given, as Kafka does.
     *
     * @param leaderEpoch the leader epoch of the last consumed record; empty when the client does not know it
     */
    public record PartitionOffset(long offset, OptionalInt leaderEpoch, String metadata) {
        public PartitionOffset {
            Objects.requireNonNull(leaderEpoch, "leaderEpoch");
        }
    }
}
