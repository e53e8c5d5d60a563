package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.group.GroupId;
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
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Transaction metadata values: a version byte (2), the producer ID, last and next producer IDs (int64 each),
 * the epoch and last epoch (int16 each), the timeout (int32), the state by its Kafka name, the start and last
 * update timestamps (int64 each), then the partitions (int32 count, each a topic name and an int32 partition),
 * the groups (int32 count, each a name) and the client's transaction version (int16 feature level), big-endian,
 * strings as modified UTF-8 with an int16 length. The transactional ID is the key. Version 1, written before
 * transaction version 2 was served, ends with the groups and is read as transaction version 0.
 */
final class TransactionCodec {

    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_CLIENT_VERSION = 1;

    private TransactionCodec() {
    }

    static byte[] encode(TransactionMetadata metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
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
                out.writeUTF(partition.topic().value());
                out.writeInt(partition.partition());
            }
            out.writeInt(metadata.groups().size());
            for (GroupId group : metadata.groups()) {
                out.writeUTF(group.value());
            }
            out.writeShort(metadata.clientTransactionVersion().level());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TransactionMetadata decode(TransactionalId transactionalId, byte[] value) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(value))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_CLIENT_VERSION) {
                throw new IllegalStateException("Unknown transaction record version " + version);
            }
            long producerId = in.readLong();
            long lastProducerId = in.readLong();
            long nextProducerId = in.readLong();
            short epoch = in.readShort();
            short lastEpoch = in.readShort();
            int timeoutMs = in.readInt();
            String stateName = in.readUTF();
            TransactionState state = TransactionState.fromKafkaName(stateName).orElseThrow(() ->
                    new IllegalStateException("Unknown transaction state " + stateName));
            long start = in.readLong();
            long lastUpdate = in.readLong();
            int partitionCount = in.readInt();
            Set<TopicPartition> partitions = new LinkedHashSet<>();
            for (int i = 0; i < partitionCount; i++) {
                partitions.add(new TopicPartition(TopicName.of(in.readUTF()), in.readInt()));
            }
            int groupCount = in.readInt();
            Set<GroupId> groups = new LinkedHashSet<>();
            for (int i = 0; i < groupCount; i++) {
                groups.add(GroupId.of(in.readUTF()));
            }
            TransactionVersion clientVersion = TransactionVersion.TV_0;
            if (version == VERSION) {
                short level = in.readShort();
                clientVersion = TransactionVersion.ofLevel(level).orElseThrow(() ->
                        new IllegalStateException("Unknown transaction version " + level));
            }
            return new TransactionMetadata(transactionalId, producerId, lastProducerId, nextProducerId, epoch, lastEpoch,
                    timeoutMs, state, partitions, groups, start, lastUpdate, clientVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
