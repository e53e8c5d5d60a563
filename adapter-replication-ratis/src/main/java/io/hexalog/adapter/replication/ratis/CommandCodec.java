package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.AdvanceLogStartOffset;
import io.hexalog.domain.cluster.ReplicatedCommand.AlterGroupConfigs;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CompleteTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteGroupOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopicOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.PutConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.UpdateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImageFormat;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The bytes of the entries in the Raft logs: one tag byte naming the entry, then its fields in a fixed order.
 * Record batches travel as their stored bytes, byte for byte, so every replica stores what the leader validated.
 * Besides the application's commands, the metadata log carries the cluster's own entries: a broker registering
 * its Kafka endpoint, and the set of brokers the metadata leader sees alive.
 *
 * <p>The format is this adapter's alone; a change to it must stay readable from logs written before.
 */
final class CommandCodec {

    private static final byte APPEND_BATCHES = 1;
    private static final byte ADVANCE_LOG_START = 2;
    private static final byte CREATE_TOPIC = 3;
    private static final byte UPDATE_TOPIC = 4;
    private static final byte DELETE_TOPIC = 5;
    private static final byte COMMIT_OFFSETS = 6;
    private static final byte DELETE_OFFSETS = 7;
    private static final byte DELETE_GROUP_OFFSETS = 8;
    private static final byte DELETE_TOPIC_OFFSETS = 9;
    private static final byte CLAIM_PRODUCER_IDS = 10;
    private static final byte WRITE_TXN_MARKER = 11;
    /**
     * {@link #WRITE_TXN_MARKER} with the transaction's version after the timestamp, for a transaction of a version
     * other than 0; entries of the older tag are read as transaction version 0, which they all were.
     */
    private static final byte WRITE_TXN_MARKER_WITH_VERSION = 13;
    /** Several partition commands of one shard in one entry, each as {@link #encode} writes it alone. */
    private static final byte SEVERAL = 12;
    /** The transaction coordinator's commands; the tags below 20 are left to partition commands. */
    private static final byte PUT_TRANSACTION = 20;
    private static final byte REMOVE_TRANSACTION = 21;
    private static final byte COMMIT_TXN_OFFSETS = 22;
    private static final byte COMPLETE_TXN_OFFSETS = 23;
    /**
     * {@link #PUT_TRANSACTION} with the client's transaction version after the metadata; entries of the older tag,
     * written before transaction version 2 was served, are read as transaction version 0.
     */
    private static final byte PUT_TRANSACTION_WITH_CLIENT_VERSION = 24;
    /**
     * {@link #CREATE_TOPIC} and {@link #UPDATE_TOPIC} with the topic's replication factor after it; entries of the
     * older tags, written while every partition lived on every voter, are read with that many replicas.
     */
    private static final byte CREATE_TOPIC_WITH_REPLICAS = 25;
    private static final byte UPDATE_TOPIC_WITH_REPLICAS = 26;
    /** A group's own configs, the whole set: a count, then each name and value. */
    private static final byte ALTER_GROUP_CONFIGS = 27;
    /** A consumer group's durable state: its image's length and bytes (ConsumerGroupImageFormat), then the epoch. */
    private static final byte PUT_CONSUMER_GROUP = 28;
    private static final byte REMOVE_CONSUMER_GROUP = 29;
    private static final byte REGISTER_BROKER = 64;
    private static final byte LIVE_BROKERS = 65;
    private static final byte SHARD_LEADER = 66;
    private static final byte COMMIT_ANNOUNCEMENT = 67;
    private static final byte STORAGE_ROOM = 68;
    private static final byte SHARD_IN_SYNC = 69;

    private CommandCodec() {
    }

    /** An entry of the metadata log that the cluster adapter applies itself. */
    sealed interface ClusterEntry {
    }

    /** A broker announcing the Kafka endpoint clients reach it at. */
    record RegisterBroker(BrokerNode broker) implements ClusterEntry {
    }

    /** The brokers the metadata leader hears from now. */
    record LiveBrokers(Set<Integer> nodeIds) implements ClusterEntry {
    }

    /**
     * A node announcing that it leads a shard group in a Raft term, ready to serve: how the nodes outside the
     * group learn its leader.
     */
    record ShardLeader(String shard, int nodeId, long term) implements ClusterEntry {
    }

    /**
     * The metadata leader's note that what it applied is committed: no change, only the entry that carries the
     * commit index to the followers at once ({@link CommitAnnouncer}).
     */
    record CommitAnnouncement() implements ClusterEntry {
    }

    /**
     * A node telling whether its data volume has less free space than it keeps in reserve
     * ({@link ClusterSettings.StorageReserve}), and how much it had.
     */
    record StorageRoom(int nodeId, boolean low, long freeBytes) implements ClusterEntry {
    }

    /**
     * A shard's leader telling which members hold the shard's log as far as it committed it lately: the in-sync
     * replicas of the shard's partitions ({@link InSyncReplicas}), for the nodes that do not lead the shard.
     */
    record ShardInSync(String shard, long term, Set<Integer> nodeIds) implements ClusterEntry {

        ShardInSync {
            nodeIds = Collections.unmodifiableSet(new TreeSet<>(nodeIds));
        }
    }

    /** What an entry holds: an application command, or a cluster entry. */
    record Decoded(ReplicatedCommand<?> command, ClusterEntry clusterEntry) {
    }

    static byte[] encode(ReplicatedCommand<?> command) {
        if (command instanceof AppendBatches append) {
            return encode(append);
        }
        return write(out -> {
            if (command instanceof AdvanceLogStartOffset advance) {
                out.writeByte(ADVANCE_LOG_START);
                writePartition(out, advance.partition());
                out.writeLong(advance.newLogStartOffset());
            } else if (command instanceof WriteTxnMarker marker) {
                boolean versionZero = marker.transactionVersion() == TransactionVersion.TV_0;
                out.writeByte(versionZero ? WRITE_TXN_MARKER : WRITE_TXN_MARKER_WITH_VERSION);
                writePartition(out, marker.partition());
                out.writeLong(marker.producerId());
                out.writeShort(marker.producerEpoch());
                out.writeInt(marker.coordinatorEpoch());
                out.writeBoolean(marker.commit());
                out.writeLong(marker.timestamp());
                if (!versionZero) {
                    out.writeShort(marker.transactionVersion().level());
                }
            } else if (command instanceof CreateTopic create) {
                out.writeByte(CREATE_TOPIC_WITH_REPLICAS);
                writeTopic(out, create.topic());
                out.writeInt(create.topic().replicationFactor());
            } else if (command instanceof UpdateTopic update) {
                out.writeByte(UPDATE_TOPIC_WITH_REPLICAS);
                writeTopic(out, update.topic());
                out.writeInt(update.topic().replicationFactor());
            } else if (command instanceof DeleteTopic delete) {
                out.writeByte(DELETE_TOPIC);
                writeTopicId(out, delete.topicId());
            } else if (command instanceof CommitOffsets commit) {
                out.writeByte(COMMIT_OFFSETS);
                out.writeUTF(commit.group().value());
                out.writeInt(commit.offsets().size());
                for (Map.Entry<TopicPartition, CommittedOffset> entry : commit.offsets().entrySet()) {
                    writeTopicPartition(out, entry.getKey());
                    CommittedOffset offset = entry.getValue();
                    out.writeLong(offset.offset());
                    out.writeInt(offset.leaderEpoch().orElse(-1));
                    out.writeUTF(offset.metadata());
                    out.writeLong(offset.commitTimestampMs());
                }
            } else if (command instanceof DeleteOffsets delete) {
                out.writeByte(DELETE_OFFSETS);
                out.writeUTF(delete.group().value());
                out.writeInt(delete.partitions().size());
                for (TopicPartition partition : delete.partitions()) {
                    writeTopicPartition(out, partition);
                }
            } else if (command instanceof DeleteGroupOffsets delete) {
                out.writeByte(DELETE_GROUP_OFFSETS);
                out.writeUTF(delete.group().value());
            } else if (command instanceof AlterGroupConfigs alter) {
                out.writeByte(ALTER_GROUP_CONFIGS);
                out.writeUTF(alter.group().value());
                Map<String, String> sorted = new TreeMap<>(alter.configs());
                out.writeInt(sorted.size());
                for (Map.Entry<String, String> config : sorted.entrySet()) {
                    out.writeUTF(config.getKey());
                    out.writeUTF(config.getValue());
                }
            } else if (command instanceof PutConsumerGroup put) {
                out.writeByte(PUT_CONSUMER_GROUP);
                byte[] image = ConsumerGroupImageFormat.write(put.image());
                out.writeInt(image.length);
                out.write(image);
                out.writeInt(put.coordinatorEpoch());
            } else if (command instanceof RemoveConsumerGroup remove) {
                out.writeByte(REMOVE_CONSUMER_GROUP);
                out.writeUTF(remove.group().value());
                out.writeInt(remove.coordinatorEpoch());
            } else if (command instanceof DeleteTopicOffsets delete) {
                out.writeByte(DELETE_TOPIC_OFFSETS);
                out.writeUTF(delete.topic().value());
            } else if (command instanceof ClaimProducerIds claim) {
                out.writeByte(CLAIM_PRODUCER_IDS);
                out.writeInt(claim.blockSize());
            } else if (command instanceof PutTransaction put) {
                out.writeByte(PUT_TRANSACTION_WITH_CLIENT_VERSION);
                writeTransaction(out, put.metadata());
                out.writeShort(put.metadata().clientTransactionVersion().level());
                out.writeInt(put.coordinatorEpoch());
            } else if (command instanceof RemoveTransaction remove) {
                out.writeByte(REMOVE_TRANSACTION);
                out.writeUTF(remove.transactionalId().value());
                out.writeInt(remove.coordinatorEpoch());
            } else if (command instanceof CommitTxnOffsets commit) {
                out.writeByte(COMMIT_TXN_OFFSETS);
                out.writeUTF(commit.group().value());
                out.writeLong(commit.producerId());
                writeOffsets(out, commit.offsets());
            } else if (command instanceof CompleteTxnOffsets complete) {
                out.writeByte(COMPLETE_TXN_OFFSETS);
                out.writeUTF(complete.group().value());
                out.writeLong(complete.producerId());
                out.writeBoolean(complete.commit());
            } else {
                throw new IllegalArgumentException("No encoding for " + command.getClass().getSimpleName());
            }
        });
    }

    static byte[] encode(ClusterEntry entry) {
        return write(out -> {
            if (entry instanceof RegisterBroker register) {
                out.writeByte(REGISTER_BROKER);
                out.writeInt(register.broker().nodeId());
                out.writeUTF(register.broker().host());
                out.writeInt(register.broker().port());
            } else if (entry instanceof LiveBrokers live) {
                out.writeByte(LIVE_BROKERS);
                writeNodeIds(out, live.nodeIds());
            } else if (entry instanceof ShardLeader leader) {
                out.writeByte(SHARD_LEADER);
                out.writeUTF(leader.shard());
                out.writeInt(leader.nodeId());
                out.writeLong(leader.term());
            } else if (entry instanceof CommitAnnouncement) {
                out.writeByte(COMMIT_ANNOUNCEMENT);
            } else if (entry instanceof StorageRoom room) {
                out.writeByte(STORAGE_ROOM);
                out.writeInt(room.nodeId());
                out.writeBoolean(room.low());
                out.writeLong(room.freeBytes());
            } else if (entry instanceof ShardInSync inSync) {
                out.writeByte(SHARD_IN_SYNC);
                out.writeUTF(inSync.shard());
                out.writeLong(inSync.term());
                writeNodeIds(out, inSync.nodeIds());
            }
        });
    }

    /**
     * An append: its header, then each batch's length and bytes. The batches are copied once, straight into an entry
     * of their exact size: they are most of what a busy node encodes.
     */
    private static byte[] encode(AppendBatches append) {
        byte[] header = write(out -> {
            out.writeByte(APPEND_BATCHES);
            writePartition(out, append.partition());
            out.writeInt(append.batches().size());
        });
        int size = header.length;
        for (RecordBatch batch : append.batches()) {
            size += Integer.BYTES + batch.sizeInBytes();
        }
        ByteBuffer entry = ByteBuffer.allocate(size).put(header);
        for (RecordBatch batch : append.batches()) {
            entry.putInt(batch.sizeInBytes()).put(batch.bytes());
        }
        return entry.array();
    }

    /** Whether an entry starting with this byte is one of the cluster's own ({@link ClusterEntry}). */
    static boolean isClusterEntryTag(byte first) {
        return first >= REGISTER_BROKER && first <= SHARD_IN_SYNC;
    }

    /** Whether an entry, from its position, is the metadata leader's {@link CommitAnnouncement}. */
    static boolean isCommitAnnouncement(ByteBuffer entry) {
        return entry.remaining() == 1 && entry.get(entry.position()) == COMMIT_ANNOUNCEMENT;
    }

    /**
     * What each command of an entry does to its partition's offsets ({@link LeaderOffsets}), read from the entry in
     * place, without copying its batches: an append of batches without a producer ID takes their offsets and may be
     * answered once placed; an idempotent or transactional producer's append and a transaction marker take offsets
     * that cannot be told before they are applied; moving a log start offset takes none.
     *
     * @return one placement for each command, in the entry's order; empty for an entry of no partition command
     * @throws IllegalArgumentException if the entry cannot be read
     */
    static List<LeaderOffsets.Placement> placements(ByteBuffer entry) {
        try {
            if (!isSeveral(entry)) {
                LeaderOffsets.Placement one = placement(entry.slice());
                return one == null ? List.of() : List.of(one);
            }
            List<ByteBuffer> parts = unframe(entry);
            List<LeaderOffsets.Placement> placements = new ArrayList<>(parts.size());
            for (ByteBuffer part : parts) {
                LeaderOffsets.Placement placement = placement(part);
                if (placement == null) {
                    throw new IllegalArgumentException("Entry of several commands holds one of no partition");
                }
                placements.add(placement);
            }
            return placements;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Unreadable entry: " + e, e);
        }
    }

    /** The placement of one encoded command; null for a command of no partition. */
    private static LeaderOffsets.Placement placement(ByteBuffer command) throws IOException {
        DataInputStream in = new DataInputStream(new BufferInput(command));
        byte tag = in.readByte();
        switch (tag) {
            case APPEND_BATCHES: {
                TopicIdPartition partition = readPartition(in);
                int count = command.getInt();
                long offsets = 0;
                boolean answerable = true;
                for (int i = 0; i < count; i++) {
                    int length = command.getInt();
                    RecordBatch batch = RecordBatch.wrap(command.slice(command.position(), length));
                    command.position(command.position() + length);
                    answerable &= !batch.hasProducerId() && !batch.isTransactional() && !batch.isControlBatch();
                    offsets += batch.lastOffsetDelta() + 1L;
                }
                return new LeaderOffsets.Placement(partition, answerable ? offsets : LeaderOffsets.UNKNOWN,
                        answerable);
            }
            case ADVANCE_LOG_START:
                return new LeaderOffsets.Placement(readPartition(in), 0, false);
            case WRITE_TXN_MARKER:
            case WRITE_TXN_MARKER_WITH_VERSION:
                return new LeaderOffsets.Placement(readPartition(in), LeaderOffsets.UNKNOWN, false);
            default:
                return null;
        }
    }

    /** Reads a buffer from its position, moving it: what a command's fields are read through, in place. */
    private static final class BufferInput extends java.io.InputStream {
        private final ByteBuffer buffer;

        BufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (!buffer.hasRemaining()) {
                return length == 0 ? 0 : -1;
            }
            int read = Math.min(length, buffer.remaining());
            buffer.get(into, offset, read);
            return read;
        }
    }

    /** One entry carrying several encoded commands, applied in the order given. */
    static byte[] several(List<byte[]> commands) {
        return frame(SEVERAL, commands);
    }

    /** Whether an entry, from its position, is one {@link #several} wrote. */
    static boolean isSeveral(ByteBuffer entry) {
        return entry.hasRemaining() && entry.get(entry.position()) == SEVERAL;
    }

    /**
     * The encoded commands of an entry {@link #several} wrote, in their order: views of the entry's bytes, read
     * from its position, which is not moved.
     */
    static List<ByteBuffer> parts(ByteBuffer entry) {
        if (!isSeveral(entry)) {
            throw new IllegalArgumentException("Not an entry of several commands");
        }
        return unframe(entry);
    }

    /** A tag byte, the number of parts, then each part's length and bytes. */
    static byte[] frame(byte tag, List<byte[]> parts) {
        int size = 1 + Integer.BYTES;
        for (byte[] part : parts) {
            size += Integer.BYTES + part.length;
        }
        ByteBuffer framed = ByteBuffer.allocate(size).put(tag).putInt(parts.size());
        for (byte[] part : parts) {
            framed.putInt(part.length).put(part);
        }
        return framed.array();
    }

    /**
     * The parts {@link #frame} put after its tag byte, read from the buffer's position, which is not moved: views of
     * its bytes, not copies.
     */
    static List<ByteBuffer> unframe(ByteBuffer framed) {
        ByteBuffer in = framed.slice();
        in.position(1);
        int count = in.getInt();
        List<ByteBuffer> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            parts.add(in.slice(in.position(), length));
            in.position(in.position() + length);
        }
        return parts;
    }

    /** A copy of the bytes from the buffer's position to its limit; the buffer is not moved. */
    static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Reads an entry, as {@link #decode(ByteBuffer, int)} does. */
    static Decoded decode(byte[] bytes, int voters) {
        return decode(ByteBuffer.wrap(bytes), voters);
    }

    /**
     * Reads an entry from the buffer's position, which is not moved. The batches of an append are copied out of
     * it, once: the store that appends them writes their offsets into them, and the entry stays as the log holds it.
     *
     * @param voters the number of voters: the replication factor of topics created or changed by entries written
     *               while every partition lived on every voter
     */
    static Decoded decode(ByteBuffer entry, int voters) {
        try (DataInputStream in = new DataInputStream(new BufferInput(entry.slice()))) {
            byte tag = in.readByte();
            switch (tag) {
                case APPEND_BATCHES: {
                    TopicIdPartition partition = readPartition(in);
                    int count = in.readInt();
                    List<RecordBatch> batches = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        byte[] batch = new byte[in.readInt()];
                        in.readFully(batch);
                        batches.add(RecordBatch.wrap(ByteBuffer.wrap(batch)));
                    }
                    return command(new AppendBatches(partition, batches));
                }
                case ADVANCE_LOG_START:
                    return command(new AdvanceLogStartOffset(readPartition(in), in.readLong()));
                case WRITE_TXN_MARKER:
                    return command(new WriteTxnMarker(readPartition(in), in.readLong(), in.readShort(), in.readInt(),
                            in.readBoolean(), in.readLong()));
                case WRITE_TXN_MARKER_WITH_VERSION: {
                    WriteTxnMarker marker = new WriteTxnMarker(readPartition(in), in.readLong(), in.readShort(),
                            in.readInt(), in.readBoolean(), in.readLong());
                    short level = in.readShort();
                    TransactionVersion version = TransactionVersion.ofLevel(level)
                            .orElseThrow(() -> new IOException("Unknown transaction version " + level));
                    return command(new WriteTxnMarker(marker.partition(), marker.producerId(), marker.producerEpoch(),
                            marker.coordinatorEpoch(), marker.commit(), marker.timestamp(), version));
                }
                case CREATE_TOPIC:
                    return command(new CreateTopic(withReplicas(readTopic(in), voters)));
                case UPDATE_TOPIC:
                    return command(new UpdateTopic(withReplicas(readTopic(in), voters)));
                case CREATE_TOPIC_WITH_REPLICAS:
                    return command(new CreateTopic(withReplicas(readTopic(in), in.readInt())));
                case UPDATE_TOPIC_WITH_REPLICAS:
                    return command(new UpdateTopic(withReplicas(readTopic(in), in.readInt())));
                case DELETE_TOPIC:
                    return command(new DeleteTopic(readTopicId(in)));
                case COMMIT_OFFSETS: {
                    GroupId group = GroupId.of(in.readUTF());
                    int count = in.readInt();
                    Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
                    for (int i = 0; i < count; i++) {
                        TopicPartition partition = readTopicPartition(in);
                        long offset = in.readLong();
                        int epoch = in.readInt();
                        String metadata = in.readUTF();
                        long timestamp = in.readLong();
                        offsets.put(partition, new CommittedOffset(offset,
                                epoch < 0 ? OptionalInt.empty() : OptionalInt.of(epoch), metadata, timestamp));
                    }
                    return command(new CommitOffsets(group, offsets));
                }
                case DELETE_OFFSETS: {
                    GroupId group = GroupId.of(in.readUTF());
                    int count = in.readInt();
                    List<TopicPartition> partitions = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        partitions.add(readTopicPartition(in));
                    }
                    return command(new DeleteOffsets(group, partitions));
                }
                case DELETE_GROUP_OFFSETS:
                    return command(new DeleteGroupOffsets(GroupId.of(in.readUTF())));
                case ALTER_GROUP_CONFIGS: {
                    GroupId group = GroupId.of(in.readUTF());
                    int count = in.readInt();
                    Map<String, String> configs = new HashMap<>();
                    for (int i = 0; i < count; i++) {
                        configs.put(in.readUTF(), in.readUTF());
                    }
                    return command(new AlterGroupConfigs(group, configs));
                }
                case PUT_CONSUMER_GROUP: {
                    byte[] image = new byte[in.readInt()];
                    in.readFully(image);
                    return command(new PutConsumerGroup(ConsumerGroupImageFormat.read(image), in.readInt()));
                }
                case REMOVE_CONSUMER_GROUP:
                    return command(new RemoveConsumerGroup(GroupId.of(in.readUTF()), in.readInt()));
                case DELETE_TOPIC_OFFSETS:
                    return command(new DeleteTopicOffsets(TopicName.of(in.readUTF())));
                case CLAIM_PRODUCER_IDS:
                    return command(new ClaimProducerIds(in.readInt()));
                case PUT_TRANSACTION:
                    return command(new PutTransaction(readTransaction(in), in.readInt()));
                case PUT_TRANSACTION_WITH_CLIENT_VERSION: {
                    TransactionMetadata metadata = readTransaction(in);
                    short level = in.readShort();
                    TransactionMetadata withVersion = withClientVersion(metadata, TransactionVersion.ofLevel(level)
                            .orElseThrow(() -> new IOException("Unknown transaction version " + level)));
                    return command(new PutTransaction(withVersion, in.readInt()));
                }
                case REMOVE_TRANSACTION:
                    return command(new RemoveTransaction(TransactionalId.of(in.readUTF()), in.readInt()));
                case COMMIT_TXN_OFFSETS:
                    return command(new CommitTxnOffsets(GroupId.of(in.readUTF()), in.readLong(), readOffsets(in)));
                case COMPLETE_TXN_OFFSETS:
                    return command(new CompleteTxnOffsets(GroupId.of(in.readUTF()), in.readLong(), in.readBoolean()));
                case REGISTER_BROKER:
                    return new Decoded(null, new RegisterBroker(new BrokerNode(in.readInt(), in.readUTF(), in.readInt())));
                case LIVE_BROKERS:
                    return new Decoded(null, new LiveBrokers(readNodeIds(in)));
                case SHARD_LEADER:
                    return new Decoded(null, new ShardLeader(in.readUTF(), in.readInt(), in.readLong()));
                case COMMIT_ANNOUNCEMENT:
                    return new Decoded(null, new CommitAnnouncement());
                case STORAGE_ROOM:
                    return new Decoded(null, new StorageRoom(in.readInt(), in.readBoolean(), in.readLong()));
                case SHARD_IN_SYNC:
                    return new Decoded(null, new ShardInSync(in.readUTF(), in.readLong(), readNodeIds(in)));
                default:
                    throw new IllegalArgumentException("Unknown log entry tag " + tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable log entry", e);
        }
    }

    /** Node IDs: a count, then each in ascending order. */
    private static void writeNodeIds(DataOutputStream out, Set<Integer> nodeIds) throws IOException {
        out.writeInt(nodeIds.size());
        for (int nodeId : new TreeSet<>(nodeIds)) {
            out.writeInt(nodeId);
        }
    }

    private static Set<Integer> readNodeIds(DataInputStream in) throws IOException {
        int count = in.readInt();
        Set<Integer> nodeIds = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            nodeIds.add(in.readInt());
        }
        return nodeIds;
    }

    /** Offsets as {@code COMMIT_OFFSETS} writes them: a count, then partition, offset, epoch, metadata, time. */
    private static void writeOffsets(DataOutputStream out, Map<TopicPartition, CommittedOffset> offsets)
            throws IOException {
        out.writeInt(offsets.size());
        for (Map.Entry<TopicPartition, CommittedOffset> entry : offsets.entrySet()) {
            writeTopicPartition(out, entry.getKey());
            CommittedOffset offset = entry.getValue();
            out.writeLong(offset.offset());
            out.writeInt(offset.leaderEpoch().orElse(-1));
            out.writeUTF(offset.metadata());
            out.writeLong(offset.commitTimestampMs());
        }
    }

    private static Map<TopicPartition, CommittedOffset> readOffsets(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            TopicPartition partition = readTopicPartition(in);
            long offset = in.readLong();
            int epoch = in.readInt();
            String metadata = in.readUTF();
            offsets.put(partition, new CommittedOffset(offset, epoch < 0 ? OptionalInt.empty() : OptionalInt.of(epoch),
                    metadata, in.readLong()));
        }
        return offsets;
    }

    /** Every field of a transaction's metadata, the state by its Kafka name. */
    private static void writeTransaction(DataOutputStream out, TransactionMetadata metadata) throws IOException {
        out.writeUTF(metadata.transactionalId().value());
        out.writeLong(metadata.producerId());
        out.writeLong(metadata.lastProducerId());
        out.writeLong(metadata.nextProducerId());
        out.writeShort(metadata.producerEpoch());
        out.writeShort(metadata.lastProducerEpoch());
        out.writeInt(metadata.timeoutMs());
        out.writeUTF(metadata.state().kafkaName());
        out.writeLong(metadata.startTimestamp());
        out.writeLong(metadata.lastUpdateTimestamp());
        out.writeInt(metadata.partitions().size());
        for (TopicPartition partition : metadata.partitions()) {
            writeTopicPartition(out, partition);
        }
        out.writeInt(metadata.groups().size());
        for (GroupId group : metadata.groups()) {
            out.writeUTF(group.value());
        }
    }

    private static TransactionMetadata withClientVersion(TransactionMetadata metadata, TransactionVersion version) {
        return new TransactionMetadata(metadata.transactionalId(), metadata.producerId(), metadata.lastProducerId(),
                metadata.nextProducerId(), metadata.producerEpoch(), metadata.lastProducerEpoch(), metadata.timeoutMs(),
                metadata.state(), metadata.partitions(), metadata.groups(), metadata.startTimestamp(),
                metadata.lastUpdateTimestamp(), version);
    }

    private static TransactionMetadata readTransaction(DataInputStream in) throws IOException {
        TransactionalId id = TransactionalId.of(in.readUTF());
        long producerId = in.readLong();
        long lastProducerId = in.readLong();
        long nextProducerId = in.readLong();
        short epoch = in.readShort();
        short lastEpoch = in.readShort();
        int timeoutMs = in.readInt();
        String stateName = in.readUTF();
        TransactionState state = TransactionState.fromKafkaName(stateName)
                .orElseThrow(() -> new IOException("Unknown transaction state " + stateName));
        long start = in.readLong();
        long lastUpdate = in.readLong();
        int partitionCount = in.readInt();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(readTopicPartition(in));
        }
        int groupCount = in.readInt();
        Set<GroupId> groups = new LinkedHashSet<>();
        for (int i = 0; i < groupCount; i++) {
            groups.add(GroupId.of(in.readUTF()));
        }
        return new TransactionMetadata(id, producerId, lastProducerId, nextProducerId, epoch, lastEpoch, timeoutMs, state,
                partitions, groups, start, lastUpdate);
    }

    private static Decoded command(ReplicatedCommand<?> command) {
        return new Decoded(command, null);
    }

    static void writePartition(DataOutputStream out, TopicIdPartition partition) throws IOException {
        writeTopicId(out, partition.topicId());
        out.writeUTF(partition.topic().value());
        out.writeInt(partition.partition());
    }

    static TopicIdPartition readPartition(DataInputStream in) throws IOException {
        return new TopicIdPartition(readTopicId(in), TopicName.of(in.readUTF()), in.readInt());
    }

    private static void writeTopicPartition(DataOutputStream out, TopicPartition partition) throws IOException {
        out.writeUTF(partition.topic().value());
        out.writeInt(partition.partition());
    }

    private static TopicPartition readTopicPartition(DataInputStream in) throws IOException {
        return new TopicPartition(TopicName.of(in.readUTF()), in.readInt());
    }

    private static void writeTopic(DataOutputStream out, Topic topic) throws IOException {
        out.writeUTF(topic.name().value());
        writeTopicId(out, topic.id());
        out.writeInt(topic.partitionCount());
        out.writeInt(topic.configs().size());
        for (Map.Entry<String, String> config : topic.configs().entrySet()) {
            out.writeUTF(config.getKey());
            out.writeUTF(config.getValue());
        }
    }

    private static Topic readTopic(DataInputStream in) throws IOException {
        TopicName name = TopicName.of(in.readUTF());
        TopicId id = readTopicId(in);
        int partitions = in.readInt();
        int count = in.readInt();
        Map<String, String> configs = new HashMap<>();
        for (int i = 0; i < count; i++) {
            configs.put(in.readUTF(), in.readUTF());
        }
        return new Topic(name, id, partitions, configs);
    }

    private static Topic withReplicas(Topic topic, int replicationFactor) {
        return new Topic(topic.name(), topic.id(), topic.partitionCount(), replicationFactor, topic.configs());
    }

    private static void writeTopicId(DataOutputStream out, TopicId id) throws IOException {
        out.writeLong(id.uuid().getMostSignificantBits());
        out.writeLong(id.uuid().getLeastSignificantBits());
    }

    private static TopicId readTopicId(DataInputStream in) throws IOException {
        return new TopicId(new UUID(in.readLong(), in.readLong()));
    }

    /** Writes fields to a stream, for {@link #write(Writer)}. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** The bytes {@code writer} writes. */
    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
