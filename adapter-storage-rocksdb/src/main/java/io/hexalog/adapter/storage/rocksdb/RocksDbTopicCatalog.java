package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Topics in the {@code topics} column family, keyed by topic ID, and in two maps loaded when the storage
 * opens, so that lookups never touch the disk. A change is written (and fsynced: topics change rarely and
 * a topic acknowledged as created must not vanish) before the maps show it.
 *
 * <p>Deleting a topic is how an operator frees space, so it works on a full disk too: while RocksDB refuses
 * writes, the topic's table files are dropped first (which needs no new space), and the deletion is written
 * once RocksDB has resumed, waiting up to {@link #RESUME_WAIT} for it.
 */
final class RocksDbTopicCatalog implements TopicCatalog {

    /** RocksDB checks for free space every few seconds after a full disk; this gives it a few tries. */
    static final Duration RESUME_WAIT = Duration.ofSeconds(15);
    private static final Duration RESUME_CHECK_INTERVAL = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(RocksDbTopicCatalog.class.getName());

    private final GroupCommitWriter writer;
    private final TopicCompactor compactor;
    private final Map<TopicName, Topic> byName = new ConcurrentHashMap<>();
    private final Map<TopicId, Topic> byId = new ConcurrentHashMap<>();
    /** Moves on after every change (see {@link TopicCatalog#version}). */
    private final AtomicLong version = new AtomicLong();

    /**
     * A catalog holding {@code stored} (read with {@link #readAll}) and writing changes through {@code writer};
     * {@code compactor} drops a deleted topic's files when the disk is full.
     */
    RocksDbTopicCatalog(GroupCommitWriter writer, TopicCompactor compactor, Collection<Topic> stored) {
        this.writer = writer;
        this.compactor = compactor;
        stored.forEach(this::show);
    }

    /** Every topic stored in {@code database}. */
    static List<Topic> readAll(Database database) throws RocksDBException {
        return database.access(db -> {
            List<Topic> topics = new ArrayList<>();
            try (RocksIterator iterator = db.db().newIterator(db.topics())) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    topics.add(TopicCodec.decode(iterator.value()));
                }
            }
            return topics;
        });
    }

    @Override
    public synchronized void create(Topic topic) {
        if (byName.containsKey(topic.name())) {
            throw new TopicAlreadyExistsException("Topic '" + topic.name() + "' already exists");
        }
        byte[] key = Keys.topicId(topic.id());
        byte[] value = TopicCodec.encode(topic);
        GroupCommitWriter.await("Storing topic " + topic.name(), writer.submit(
                (db, batch) -> batch.put(db.topics(), key, value), key.length + value.length, true));
        show(topic);
        version.incrementAndGet();
    }

    /** Overwrites the stored record under the topic's ID, fsynced like a create. */
    @Override
    public synchronized boolean update(Topic topic) {
        if (!byId.containsKey(topic.id())) {
            return false;
        }
        byte[] key = Keys.topicId(topic.id());
        byte[] value = TopicCodec.encode(topic);
        GroupCommitWriter.await("Updating topic " + topic.name(), writer.submit(
                (db, batch) -> batch.put(db.topics(), key, value), key.length + value.length, true));
        show(topic);
        version.incrementAndGet();
        return true;
    }

    @Override
    public synchronized boolean delete(TopicId topicId) {
        Topic topic = byId.get(topicId);
        if (topic == null) {
            return false;
        }
        if (!writer.isWritable()) {
            freeSpaceOf(topic);
        }
        byte[] key = Keys.topicId(topicId);
        GroupCommitWriter.await("Deleting topic " + topic.name(), writer.submit(
                (db, batch) -> batch.delete(db.topics(), key), key.length, true));
        byId.remove(topicId);
        byName.remove(topic.name());
        version.incrementAndGet();
        return true;
    }

    private void freeSpaceOf(Topic topic) {
        LOG.log(System.Logger.Level.WARNING, "RocksDB refuses writes; dropping the files of topic " + topic.name()
                + " before deleting it");
        try {
            compactor.dropFiles(topic.id());
        } catch (RocksDBException e) {
            throw new KafkaStorageException("Dropping the files of topic " + topic.name() + " failed: "
                    + e.getMessage(), e);
        }
        writer.awaitWritable(RESUME_WAIT, RESUME_CHECK_INTERVAL);
    }

    @Override
    public Optional<Topic> find(TopicName name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<Topic> find(TopicId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Collection<Topic> list() {
        return List.copyOf(byId.values());
    }

    private void show(Topic topic) {
        byId.put(topic.id(), topic);
        byName.put(topic.name(), topic);
    }

    @Override
    public long version() {
        return version.get();
    }
}
