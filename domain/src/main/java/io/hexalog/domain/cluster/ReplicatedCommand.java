package io.hexalog.domain.cluster;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to the state every broker of a cluster must hold alike: records appended to a partition, a topic
 * created, offsets committed. The application never changes that state directly; it submits a command to the
 * replicated log (a port of the application), and every broker applies the same commands in the same order. A command carries
 * everything its outcome depends on (a new topic's ID, a batch's LogAppendTime), so that applying it gives
 * the same result on every broker.
 *
 * @param <R> what applying the command yields to the one who submitted it
 */
public sealed interface ReplicatedCommand<R> {

    /** Whether the command changes a partition's log (and travels with it) rather than the cluster's metadata. */
    default boolean isPartitionCommand() {
        return this instanceof AppendBatches || this instanceof AdvanceLogStartOffset
                || this instanceof WriteTxnMarker;
    }

    /**
     * Record batches appended to a partition, as validated and stamped by the leader; yields where they went.
     * A producer's retry of a batch already appended yields the original's offsets and appends nothing.
     */
    record AppendBatches(TopicIdPartition partition, List<RecordBatch> batches) implements ReplicatedCommand<Appended> {
        public AppendBatches {
            Objects.requireNonNull(partition, "partition");
            batches = List.copyOf(batches);
        }
    }

    /**
     * Where an append went: the offset of its first record, and the partition's log start offset after it.
     */
    record Appended(long firstOffset, long logStartOffset) {
    }

    /** The log start offset of a partition moved forward (DeleteRecords); yields whether it moved. */
    record AdvanceLogStartOffset(TopicIdPartition partition, long newLogStartOffset)
            implements ReplicatedCommand<Boolean> {
        public AdvanceLogStartOffset {
            Objects.requireNonNull(partition, "partition");
        }
    }

    /**
     * Ends a producer's transaction on one partition: the transaction coordinator's decision, commit or abort,
     * written to the partition's log as a control batch (Kafka's transaction marker). Yields the marker's offset.
     * A marker whose producer epoch is older than the producer's on the partition is refused, and so is a marker of
     * transaction version 2 at the epoch of a transaction ongoing on the partition (a late marker of the transaction
     * before).
     *
     * @param coordinatorEpoch   the epoch of the transaction coordinator that decided, stored in the marker
     * @param commit             true for a commit marker, false for an abort marker
     * @param timestamp          when the coordinator decided (epoch millis): the control batch's timestamp, the
     *                           same on every replica
     * @param transactionVersion the transaction version the coordinator recorded for the transaction, which decides
     *                           how the partition checks the marker's epoch
     */
    record WriteTxnMarker(TopicIdPartition partition, long producerId, short producerEpoch, int coordinatorEpoch,
                          boolean commit, long timestamp, TransactionVersion transactionVersion)
            implements ReplicatedCommand<Long> {
        public WriteTxnMarker {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(transactionVersion, "transactionVersion");
            if (producerId < 0) {
                throw new IllegalArgumentException("producer id must not be negative: " + producerId);
            }
        }

        /** A marker of the original protocol, as operators write them (WriteTxnMarkers) and older logs hold them. */
        public WriteTxnMarker(TopicIdPartition partition, long producerId, short producerEpoch, int coordinatorEpoch,
                              boolean commit, long timestamp) {
            this(partition, producerId, producerEpoch, coordinatorEpoch, commit, timestamp, TransactionVersion.TV_0);
        }
    }

    /** A new topic, its ID already chosen; yields the topic, or fails if its name was taken meanwhile. */
    record CreateTopic(Topic topic) implements ReplicatedCommand<Topic> {
        public CreateTopic {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** A topic's partition count or configs changed; yields whether the topic still existed. */
    record UpdateTopic(Topic topic) implements ReplicatedCommand<Boolean> {
        public UpdateTopic {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** A topic deleted with its logs; yields whether it existed. */
    record DeleteTopic(TopicId topicId) implements ReplicatedCommand<Boolean> {
        public DeleteTopic {
            Objects.requireNonNull(topicId, "topicId");
        }
    }

    /** Offsets a group committed, replacing its earlier offsets of those partitions. */
    record CommitOffsets(GroupId group, Map<TopicPartition, CommittedOffset> offsets) implements ReplicatedCommand<Void> {
        public CommitOffsets {
            Objects.requireNonNull(group, "group");
            offsets = Map.copyOf(offsets);
        }
    }

    /** A group's offsets of some partitions removed. */
    record DeleteOffsets(GroupId group, List<TopicPartition> partitions) implements ReplicatedCommand<Void> {
        public DeleteOffsets {
            Objects.requireNonNull(group, "group");
            partitions = List.copyOf(partitions);
        }
    }

    /** Every offset of a group removed. */
    record DeleteGroupOffsets(GroupId group) implements ReplicatedCommand<Void> {
        public DeleteGroupOffsets {
            Objects.requireNonNull(group, "group");
        }
    }

    /**
     * A group's own configs (config resource type GROUP) replaced by these, already validated; an empty map removes
     * them, and the broker's settings apply to the group again.
     */
    record AlterGroupConfigs(GroupId group, Map<String, String> configs) implements ReplicatedCommand<Void> {
        public AlterGroupConfigs {
            Objects.requireNonNull(group, "group");
            configs = Map.copyOf(configs);
        }
    }

    /**
     * A consumer group's durable state as its coordinator changed it, replacing what was stored for the group, so
     * that a coordinator that takes the group over goes on with it (Kafka's consumer group records in
     * {@code __consumer_offsets}). Like {@link PutTransaction}, only applied in the coordinator epoch it was decided
     * in.
     */
    record PutConsumerGroup(ConsumerGroupImage image, int coordinatorEpoch) implements ReplicatedCommand<Void> {
        public PutConsumerGroup {
            Objects.requireNonNull(image, "image");
            if (coordinatorEpoch < 0) {
                throw new IllegalArgumentException("coordinatorEpoch must not be negative: " + coordinatorEpoch);
            }
        }
    }

    /**
     * A consumer group's durable state removed: the group was deleted, emptied or became a classic group. Only
     * applied in the coordinator epoch it was decided in.
     */
    record RemoveConsumerGroup(GroupId group, int coordinatorEpoch) implements ReplicatedCommand<Void> {
        public RemoveConsumerGroup {
            Objects.requireNonNull(group, "group");
            if (coordinatorEpoch < 0) {
                throw new IllegalArgumentException("coordinatorEpoch must not be negative: " + coordinatorEpoch);
            }
        }
    }

    /** Every group's offsets of a deleted topic removed. */
    record DeleteTopicOffsets(TopicName topic) implements ReplicatedCommand<Void> {
        public DeleteTopicOffsets {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * A transactional ID's metadata as its transaction coordinator decided it (every field, timestamps of the
     * deciding broker included), replacing what was stored for the ID. It is applied only in the coordinator
     * epoch it was decided in: a coordinator that was deposed meanwhile changes nothing (NOT_COORDINATOR).
     */
    record PutTransaction(TransactionMetadata metadata, int coordinatorEpoch) implements ReplicatedCommand<Void> {
        public PutTransaction {
            Objects.requireNonNull(metadata, "metadata");
            if (coordinatorEpoch < 0) {
                throw new IllegalArgumentException("coordinatorEpoch must not be negative: " + coordinatorEpoch);
            }
        }
    }

    /**
     * A transactional ID expired and is forgotten; like {@link PutTransaction}, only in the coordinator epoch that
     * decided it.
     */
    record RemoveTransaction(TransactionalId transactionalId, int coordinatorEpoch) implements ReplicatedCommand<Void> {
        public RemoveTransaction {
            Objects.requireNonNull(transactionalId, "transactionalId");
            if (coordinatorEpoch < 0) {
                throw new IllegalArgumentException("coordinatorEpoch must not be negative: " + coordinatorEpoch);
            }
        }
    }

    /**
     * Offsets a transactional producer committed for a group (TxnOffsetCommit): pending, invisible to the
     * group's committed offsets until the transaction commits; they replace the producer's earlier pending
     * offsets of those partitions.
     */
    record CommitTxnOffsets(GroupId group, long producerId, Map<TopicPartition, CommittedOffset> offsets)
            implements ReplicatedCommand<Void> {
        public CommitTxnOffsets {
            Objects.requireNonNull(group, "group");
            offsets = Map.copyOf(offsets);
        }
    }

    /**
     * The transaction of a producer that committed offsets for a group ended: on commit its pending offsets become
     * the group's committed offsets, on abort they are dropped. The group's marker of the transaction.
     */
    record CompleteTxnOffsets(GroupId group, long producerId, boolean commit) implements ReplicatedCommand<Void> {
        public CompleteTxnOffsets {
            Objects.requireNonNull(group, "group");
        }
    }

    /** The next block of producer IDs claimed; yields the block's first ID. */
    record ClaimProducerIds(int blockSize) implements ReplicatedCommand<Long> {
        public ClaimProducerIds {
            if (blockSize <= 0) {
                throw new IllegalArgumentException("block size must be positive: " + blockSize);
            }
        }
    }
}
