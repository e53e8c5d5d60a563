package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionalId;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions and pending transactional offsets in the {@code meta} column family, under two key prefixes:
 * <ul>
 *   <li>{@code txn.state/} and the transactional ID (UTF-8): the ID's metadata ({@link TransactionCodec});</li>
 *   <li>{@code txn.offsets/}, the group (int32 length and UTF-8), the producer ID (int64), the topic (int32
 *       length and UTF-8) and the partition (int32): one pending offset ({@link CommittedOffsetCodec}), so that
 *       a group's, and a producer's in a group, are contiguous and read with one seek, removed with one range
 *       delete.</li>
 * </ul>
 * Each change is one write through the {@link GroupCommitWriter}, atomic, returned once in the WAL.
 */
final class RocksDbTransactionStateStore implements TransactionStateStore {

    private static final byte[] STATE_PREFIX = "txn.state/".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFSETS_PREFIX = "txn.offsets/".getBytes(StandardCharsets.UTF_8);

    private final Database database;
    private final GroupCommitWriter writer;

    RocksDbTransactionStateStore(Database database, GroupCommitWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    /**
     * Adds to {@code batch} the deletion of every transaction and pending offset: a node of a cluster forgets
     * them with the rest of its metadata, which the metadata log rebuilds.
     */
    static void forgetAll(ColumnFamilyHandle meta, WriteBatch batch) throws RocksDBException {
        for (byte[] prefix : List.of(STATE_PREFIX, OFFSETS_PREFIX)) {
            byte[] end = prefix.clone();
            end[end.length - 1]++;
            batch.deleteRange(meta, prefix, end);
        }
    }

    @Override
    public void put(TransactionMetadata metadata) {
        byte[] key = stateKey(metadata.transactionalId());
        byte[] value = TransactionCodec.encode(metadata);
        write("Storing transactional ID " + metadata.transactionalId(),
                (db, batch) -> batch.put(db.meta(), key, value), key.length + value.length);
    }

    @Override
    public void remove(TransactionalId transactionalId) {
        byte[] key = stateKey(transactionalId);
        write("Removing transactional ID " + transactionalId, (db, batch) -> batch.delete(db.meta(), key), key.length);
    }

    @Override
    public Collection<TransactionMetadata> transactions() {
        return read("Reading transactions", db -> {
            List<TransactionMetadata> all = new ArrayList<>();
            scan(db, STATE_PREFIX, (key, value) -> {
                String id = new String(key, STATE_PREFIX.length, key.length - STATE_PREFIX.length, StandardCharsets.UTF_8);
                all.add(TransactionCodec.decode(TransactionalId.of(id), value));
            });
            return all;
        });
    }

    @Override
    public void putPendingOffsets(GroupId group, long producerId, Map<TopicPartition, CommittedOffset> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        int bytes = 0;
        for (Map.Entry<TopicPartition, CommittedOffset> entry : offsets.entrySet()) {
            keys.add(offsetKey(group, producerId, entry.getKey()));
            values.add(CommittedOffsetCodec.encode(entry.getValue()));
            bytes += keys.get(keys.size() - 1).length + values.get(values.size() - 1).length;
        }
        write("Storing pending offsets of group " + group, (db, batch) -> {
            for (int i = 0; i < keys.size(); i++) {
                batch.put(db.meta(), keys.get(i), values.get(i));
            }
        }, bytes);
    }

    @Override
    public Map<Long, Map<TopicPartition, CommittedOffset>> pendingOffsets(GroupId group) {
        byte[] prefix = groupPrefix(group);
        return read("Reading pending offsets of group " + group, db -> {
            Map<Long, Map<TopicPartition, CommittedOffset>> pending = new HashMap<>();
            scan(db, prefix, (key, value) -> {
                ByteBuffer rest = ByteBuffer.wrap(key, prefix.length, key.length - prefix.length);
                long producerId = rest.getLong();
                byte[] topic = new byte[rest.getInt()];
                rest.get(topic);
                TopicPartition partition = new TopicPartition(TopicName.of(new String(topic, StandardCharsets.UTF_8)),
                        rest.getInt());
                pending.computeIfAbsent(producerId, id -> new HashMap<>()).put(partition, CommittedOffsetCodec.decode(value));
            });
            return pending;
        });
    }

    @Override
    public void removePendingOffsets(GroupId group, long producerId) {
        byte[] start = ByteBuffer.allocate(groupPrefix(group).length + Long.BYTES).put(groupPrefix(group))
                .putLong(producerId).array();
        byte[] end = after(start);
        write("Removing pending offsets of group " + group,
                (db, batch) -> batch.deleteRange(db.meta(), start, end), start.length + end.length);
    }

    private static byte[] stateKey(TransactionalId transactionalId) {
        byte[] id = transactionalId.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(STATE_PREFIX.length + id.length).put(STATE_PREFIX).put(id).array();
    }

    private static byte[] groupPrefix(GroupId group) {
        byte[] name = group.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(OFFSETS_PREFIX.length + Integer.BYTES + name.length)
                .put(OFFSETS_PREFIX).putInt(name.length).put(name).array();
    }

    private static byte[] offsetKey(GroupId group, long producerId, TopicPartition partition) {
        byte[] prefix = groupPrefix(group);
        byte[] topic = partition.topic().value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(prefix.length + Long.BYTES + Integer.BYTES + topic.length + Integer.BYTES)
                .put(prefix).putLong(producerId).putInt(topic.length).put(topic).putInt(partition.partition()).array();
    }

    /** The smallest key greater than every key starting with {@code prefix}. */
    static byte[] after(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("no key follows a prefix of 0xFF bytes only");
    }

    private interface Entry {
        void accept(byte[] key, byte[] value);
    }

    private static void scan(Database db, byte[] prefix, Entry entry) {
        try (Slice end = new Slice(after(prefix));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator iterator = db.db().newIterator(db.meta(), options)) {
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                entry.accept(iterator.key(), iterator.value());
            }
        }
    }

    private <T> T read(String what, Database.Operation<T> operation) {
        try {
            return database.access(operation);
        } catch (RocksDBException e) {
            throw new KafkaStorageException(what + " from RocksDB failed: " + e.getMessage(), e);
        }
    }

    private void write(String what, GroupCommitWriter.Mutation mutation, int sizeInBytes) {
        GroupCommitWriter.await(what, writer.submit(mutation, sizeInBytes, false));
    }
}
