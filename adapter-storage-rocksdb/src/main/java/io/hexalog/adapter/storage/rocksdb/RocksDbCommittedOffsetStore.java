package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed offsets in the {@code committed_offsets} column family, one key per group and partition (see
 * {@link CommittedOffsetKeys}). Each change is one write through the {@link GroupCommitWriter}, so it is
 * atomic and shares group commit with appends; a method returns once its write is in the WAL (and fsynced
 * if the fsync policy says so). Reads run on the caller's thread: an iterator sees one consistent view of
 * the database, so it never shows half of a commit.
 */
final class RocksDbCommittedOffsetStore implements CommittedOffsetStore {

    private final Database database;
    private final GroupCommitWriter writer;
    /**
     * Shared by writes that name their keys, taken alone by {@link #deleteTopic}, which must find every
     * group's keys of the topic: no commit may slip in between finding them and deleting them.
     */
    private final ReadWriteLock keysInFlight = new ReentrantReadWriteLock();

    RocksDbCommittedOffsetStore(Database database, GroupCommitWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    @Override
    public void commit(GroupId group, Map<TopicPartition, CommittedOffset> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>(offsets.size());
        List<byte[]> values = new ArrayList<>(offsets.size());
        int bytes = 0;
        for (Map.Entry<TopicPartition, CommittedOffset> entry : offsets.entrySet()) {
            byte[] key = CommittedOffsetKeys.key(group, entry.getKey());
            byte[] value = CommittedOffsetCodec.encode(entry.getValue());
            keys.add(key);
            values.add(value);
            bytes += key.length + value.length;
        }
        write("Committing offsets of group " + group, (db, batch) -> {
            for (int i = 0; i < keys.size(); i++) {
                batch.put(db.committedOffsets(), keys.get(i), values.get(i));
            }
        }, bytes);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        byte[] start = CommittedOffsetKeys.groupStart(group);
        return read("Reading offsets of group " + group, db -> {
            Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
            try (Slice end = new Slice(CommittedOffsetKeys.groupEnd(group));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator iterator = db.db().newIterator(db.committedOffsets(), options)) {
                for (iterator.seek(start); iterator.isValid(); iterator.next()) {
                    offsets.put(CommittedOffsetKeys.partitionOf(iterator.key()),
                            CommittedOffsetCodec.decode(iterator.value()));
                }
            }
            return Map.copyOf(offsets);
        });
    }

    /** One seek per group: after a group's first key, the iterator jumps past the rest of its keys. */
    @Override
    public Set<GroupId> groups() {
        return read("Listing groups with committed offsets", db -> {
            Set<GroupId> groups = new HashSet<>();
            try (RocksIterator iterator = db.db().newIterator(db.committedOffsets())) {
                for (iterator.seekToFirst(); iterator.isValid(); ) {
                    GroupId group = CommittedOffsetKeys.groupOf(iterator.key());
                    groups.add(group);
                    iterator.seek(CommittedOffsetKeys.groupEnd(group));
                }
            }
            return Set.copyOf(groups);
        });
    }

    @Override
    public void delete(GroupId group, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<byte[]> keys = partitions.stream().map(partition -> CommittedOffsetKeys.key(group, partition)).toList();
        int bytes = keys.stream().mapToInt(key -> key.length).sum();
        write("Deleting offsets of group " + group, deleting(keys), bytes);
    }

    /** One range delete over the group's contiguous keys. */
    @Override
    public void deleteGroup(GroupId group) {
        byte[] start = CommittedOffsetKeys.groupStart(group);
        byte[] end = CommittedOffsetKeys.groupEnd(group);
        write("Deleting offsets of group " + group,
                (db, batch) -> batch.deleteRange(db.committedOffsets(), start, end), start.length + end.length);
    }

    /**
     * The topic's keys are spread over every group, so this finds them (one seek per group, one more into
     * the group's keys of the topic) and deletes them in one write.
     */
    @Override
    public void deleteTopic(TopicName topic) {
        Lock alone = keysInFlight.writeLock();
        alone.lock();
        try {
            List<byte[]> keys = read("Finding offsets of topic " + topic, db -> topicKeys(db, topic));
            if (keys.isEmpty()) {
                return;
            }
            int bytes = keys.stream().mapToInt(key -> key.length).sum();
            GroupCommitWriter.await("Deleting offsets of topic " + topic, writer.submit(deleting(keys), bytes, false));
        } finally {
            alone.unlock();
        }
    }

    private static List<byte[]> topicKeys(Database db, TopicName topic) {
        List<byte[]> keys = new ArrayList<>();
        try (RocksIterator iterator = db.db().newIterator(db.committedOffsets())) {
            for (iterator.seekToFirst(); iterator.isValid(); ) {
                GroupId group = CommittedOffsetKeys.groupOf(iterator.key());
                byte[] topicStart = CommittedOffsetKeys.topicStart(group, topic);
                for (iterator.seek(topicStart); iterator.isValid() && Keys.hasPrefix(iterator.key(), topicStart);
                     iterator.next()) {
                    keys.add(iterator.key());
                }
                iterator.seek(CommittedOffsetKeys.groupEnd(group));
            }
        }
        return keys;
    }

    private <T> T read(String what, Database.Operation<T> operation) {
        try {
            return database.access(operation);
        } catch (RocksDBException e) {
            throw new KafkaStorageException(what + " from RocksDB failed: " + e.getMessage(), e);
        }
    }

    private static GroupCommitWriter.Mutation deleting(List<byte[]> keys) {
        return (db, batch) -> {
            for (byte[] key : keys) {
                batch.delete(db.committedOffsets(), key);
            }
        };
    }

    /**
     * Writes through the writer and waits until the write is durable, holding the shared lock until then
     * so that {@link #deleteTopic} sees every write that started before it. The fsync policy applies as it
     * does to appends: offsets are committed as often as records are consumed.
     */
    private void write(String what, GroupCommitWriter.Mutation mutation, int sizeInBytes) {
        Lock shared = keysInFlight.readLock();
        shared.lock();
        try {
            GroupCommitWriter.await(what, writer.submit(mutation, sizeInBytes, false));
        } finally {
            shared.unlock();
        }
    }
}
