package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.domain.group.GroupId;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups' configs in the {@code meta} column family, one key per group ({@code group.config/} and the group's name
 * in UTF-8) whose value is the whole set (a count, then name and value of each), and in a map loaded when the
 * storage opens, so that reads never touch the disk. A change is written and fsynced, as a topic's configs are, before
 * the map shows it.
 */
final class RocksDbGroupConfigStore implements GroupConfigStore {

    private static final byte[] PREFIX = "group.config/".getBytes(StandardCharsets.UTF_8);

    private final GroupCommitWriter writer;
    private final Map<GroupId, Map<String, String>> configs = new ConcurrentHashMap<>();

    /** A store holding {@code stored} (read with {@link #readAll}) and writing changes through {@code writer}. */
    RocksDbGroupConfigStore(GroupCommitWriter writer, Map<GroupId, Map<String, String>> stored) {
        this.writer = writer;
        configs.putAll(stored);
    }

    /** Every group's configs stored in {@code database}. */
    static Map<GroupId, Map<String, String>> readAll(Database database) throws RocksDBException {
        return database.access(db -> {
            Map<GroupId, Map<String, String>> all = new HashMap<>();
            try (Slice end = new Slice(RocksDbTransactionStateStore.after(PREFIX));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator iterator = db.db().newIterator(db.meta(), options)) {
                for (iterator.seek(PREFIX); iterator.isValid(); iterator.next()) {
                    byte[] key = iterator.key();
                    GroupId group = GroupId.of(new String(key, PREFIX.length, key.length - PREFIX.length,
                            StandardCharsets.UTF_8));
                    all.put(group, decode(iterator.value()));
                }
            }
            return all;
        });
    }

    /** Adds to {@code batch} the deletion of every group's configs: a node of a cluster rebuilds them from its log. */
    static void forgetAll(ColumnFamilyHandle meta, WriteBatch batch) throws RocksDBException {
        batch.deleteRange(meta, PREFIX, RocksDbTransactionStateStore.after(PREFIX));
    }

    @Override
    public synchronized void put(GroupId group, Map<String, String> groupConfigs) {
        byte[] key = key(group);
        if (groupConfigs.isEmpty()) {
            if (configs.containsKey(group)) {
                GroupCommitWriter.await("Removing the configs of group " + group, writer.submit(
                        (db, batch) -> batch.delete(db.meta(), key), key.length, true));
                configs.remove(group);
            }
            return;
        }
        byte[] value = encode(groupConfigs);
        GroupCommitWriter.await("Storing the configs of group " + group, writer.submit(
                (db, batch) -> batch.put(db.meta(), key, value), key.length + value.length, true));
        configs.put(group, Map.copyOf(groupConfigs));
    }

    @Override
    public Map<String, String> configs(GroupId group) {
        return configs.getOrDefault(group, Map.of());
    }

    @Override
    public Map<GroupId, Map<String, String>> all() {
        return Map.copyOf(configs);
    }

    private static byte[] key(GroupId group) {
        byte[] name = group.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PREFIX.length + name.length).put(PREFIX).put(name).array();
    }

    static byte[] encode(Map<String, String> groupConfigs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Map<String, String> sorted = new TreeMap<>(groupConfigs);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> entry : sorted.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, String> decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int count = in.readInt();
            Map<String, String> decoded = new HashMap<>();
            for (int i = 0; i < count; i++) {
                decoded.put(in.readUTF(), in.readUTF());
            }
            return Map.copyOf(decoded);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable group configs", e);
        }
    }
}
