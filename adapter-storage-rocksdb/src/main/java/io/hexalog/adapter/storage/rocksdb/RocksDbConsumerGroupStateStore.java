package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.group.consumer.ConsumerGroupImageFormat;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups' images in the {@code meta} column family, one key per group ({@code consumer.group/} and the
 * group's name in UTF-8) whose value is the image in {@link ConsumerGroupImageFormat}, and in a map loaded when the
 * storage opens, so that reads never touch the disk. A change is written and fsynced before the map shows it, as a
 * group's configs are: a broker restarted finds its consumer groups as their members last heard of them.
 */
final class RocksDbConsumerGroupStateStore implements ConsumerGroupStateStore {

    private static final byte[] PREFIX = "consumer.group/".getBytes(StandardCharsets.UTF_8);

    private final GroupCommitWriter writer;
    private final Map<GroupId, ConsumerGroupImage> images = new ConcurrentHashMap<>();

    /** A store holding {@code stored} (read with {@link #readAll}) and writing changes through {@code writer}. */
    RocksDbConsumerGroupStateStore(GroupCommitWriter writer, Map<GroupId, ConsumerGroupImage> stored) {
        this.writer = writer;
        images.putAll(stored);
    }

    /** Every consumer group's image stored in {@code database}. */
    static Map<GroupId, ConsumerGroupImage> readAll(Database database) throws RocksDBException {
        return database.access(db -> {
            Map<GroupId, ConsumerGroupImage> all = new HashMap<>();
            try (Slice end = new Slice(RocksDbTransactionStateStore.after(PREFIX));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator iterator = db.db().newIterator(db.meta(), options)) {
                for (iterator.seek(PREFIX); iterator.isValid(); iterator.next()) {
                    ConsumerGroupImage image = read(iterator.value());
                    all.put(image.groupId(), image);
                }
            }
            return all;
        });
    }

    /** Adds to {@code batch} the deletion of every image: a node of a cluster rebuilds them from its log. */
    static void forgetAll(ColumnFamilyHandle meta, WriteBatch batch) throws RocksDBException {
        batch.deleteRange(meta, PREFIX, RocksDbTransactionStateStore.after(PREFIX));
    }

    @Override
    public synchronized void put(ConsumerGroupImage image) {
        byte[] key = key(image.groupId());
        byte[] value = ConsumerGroupImageFormat.write(image);
        GroupCommitWriter.await("Storing the state of consumer group " + image.groupId(), writer.submit(
                (db, batch) -> batch.put(db.meta(), key, value), key.length + value.length, true));
        images.put(image.groupId(), image);
    }

    @Override
    public synchronized void remove(GroupId group) {
        if (images.containsKey(group)) {
            byte[] key = key(group);
            GroupCommitWriter.await("Removing the state of consumer group " + group, writer.submit(
                    (db, batch) -> batch.delete(db.meta(), key), key.length, true));
            images.remove(group);
        }
    }

    @Override
    public Optional<ConsumerGroupImage> find(GroupId group) {
        return Optional.ofNullable(images.get(group));
    }

    @Override
    public Map<GroupId, ConsumerGroupImage> all() {
        return Map.copyOf(images);
    }

    private static byte[] key(GroupId group) {
        byte[] name = group.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(PREFIX.length + name.length).put(PREFIX).put(name).array();
    }

    private static ConsumerGroupImage read(byte[] value) {
        try {
            return ConsumerGroupImageFormat.read(value);
        } catch (IllegalArgumentException e) {
            throw new KafkaStorageException("Unreadable consumer group state: " + e.getMessage());
        }
    }
}
