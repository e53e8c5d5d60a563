package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves the batches a database written before segment files holds in its {@code batches} column family into segment
 * files, once, when the storage opens. Each partition moves in one synced RocksDB write (its index entries, and a
 * range delete of its old batches) made after its segment files are forced: a crash before that write leaves the old
 * batches where they were, and files no index entry names, which the next start deletes before moving them again.
 * Until the family is compacted, once every partition has moved, the batches take their room twice.
 */
final class SegmentFileMigration {

    private static final System.Logger LOG = System.getLogger(SegmentFileMigration.class.getName());

    private SegmentFileMigration() {
    }

    static void moveBatchesToSegmentFiles(Database database, RocksDbPartitionLogStore store) throws RocksDBException {
        database.access(db -> {
            long started = System.nanoTime();
            int partitions = 0;
            long batches = 0;
            long bytes = 0;
            try (RocksIterator stored = db.db().newIterator(db.batches())) {
                stored.seekToFirst();
                while (stored.isValid()) {
                    TopicIdPartition partition = partitionOf(stored.key());
                    byte[] prefix = Keys.partitionPrefix(partition);
                    PartitionSegments files = store.segmentsOf(partition);
                    List<BatchPlace> places = new ArrayList<>();
                    Set<SegmentFile> written = new LinkedHashSet<>();
                    try (WriteBatch write = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
                        for (; stored.isValid() && Keys.hasPrefix(stored.key(), prefix); stored.next()) {
                            byte[] value = stored.value();
                            RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(value));
                            BatchPlace place = files.stageAppend(ByteBuffer.wrap(value), batch.baseOffset(),
                                    batch.nextOffset(), batch.maxTimestamp(), PartitionLogStore.NO_LOG_INDEX, written);
                            places.add(place);
                            write.put(db.batchIndex(), Keys.key(partition, batch.baseOffset()),
                                    place.encode(batch.baseOffset()));
                            bytes += value.length;
                        }
                        for (SegmentFile file : written) {
                            file.force();
                        }
                        write.deleteRange(db.batches(), prefix, Keys.partitionEnd(partition));
                        db.db().write(sync, write);
                    } catch (IOException e) {
                        files.failed();
                        throw new UncheckedIOException("Moving the batches of " + partition + " to segment files "
                                + "failed: " + e, e);
                    }
                    files.committed(places, List.of());
                    partitions++;
                    batches += places.size();
                }
            }
            if (partitions > 0) {
                // every key of the family is range-deleted now: its files can go at once rather than with compactions
                db.db().compactRange(db.batches());
                LOG.log(System.Logger.Level.INFO, "Moved " + batches + " batches (" + bytes + " bytes) of " + partitions
                        + " partitions from RocksDB to segment files in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
            return null;
        });
    }

    private static TopicIdPartition partitionOf(byte[] key) {
        TopicId topicId = Keys.topicIdOf(key);
        return SegmentDirectories.unnamed(topicId, ByteBuffer.wrap(key).getInt(Keys.TOPIC_ID_LENGTH));
    }
}
