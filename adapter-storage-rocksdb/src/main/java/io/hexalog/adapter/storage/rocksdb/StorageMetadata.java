package io.hexalog.adapter.storage.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/**
 * What the {@code meta} column family says about the database as a whole: the version of the layout it
 * was written in and the cluster ID, both written once when the database is created.
 */
record StorageMetadata(int formatVersion, String clusterId) {

    /** The layout described in {@code docs/storage.md}. */
    static final int FORMAT_VERSION = 1;

    private static final byte[] FORMAT_VERSION_KEY = Database.bytes("format.version");
    private static final byte[] CLUSTER_ID_KEY = Database.bytes("cluster.id");

    /**
     * Reads the metadata, writing it first if the database is new.
     *
     * @throws IllegalStateException if the database holds data but no metadata, or a newer format
     */
    static StorageMetadata loadOrInitialize(Database database, Path dir) throws RocksDBException {
        return database.access(db -> {
            byte[] version = db.db().get(db.meta(), FORMAT_VERSION_KEY);
            if (version == null) {
                if (!isEmpty(db)) {
                    throw new IllegalStateException("Data directory " + dir + " holds RocksDB data but no Hexalog "
                            + "format marker; it was not written by Hexalog or is damaged");
                }
                return initialize(db);
            }
            int formatVersion = ByteBuffer.wrap(version).getInt();
            if (formatVersion != FORMAT_VERSION) {
                throw new IllegalStateException("Data directory " + dir + " uses storage format " + formatVersion
                        + "; this version of Hexalog reads format " + FORMAT_VERSION);
            }
            byte[] clusterId = db.db().get(db.meta(), CLUSTER_ID_KEY);
            if (clusterId == null) {
                throw new IllegalStateException("Data directory " + dir + " has no cluster ID; it is damaged");
            }
            return new StorageMetadata(formatVersion, new String(clusterId, StandardCharsets.UTF_8));
        });
    }

    private static boolean isEmpty(Database db) {
        for (ColumnFamilyHandle family : db.allFamilies()) {
            try (RocksIterator iterator = db.db().newIterator(family)) {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static StorageMetadata initialize(Database db) throws RocksDBException {
        StorageMetadata metadata = new StorageMetadata(FORMAT_VERSION, randomClusterId());
        try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(db.meta(), FORMAT_VERSION_KEY, ByteBuffer.allocate(Integer.BYTES).putInt(FORMAT_VERSION).array());
            batch.put(db.meta(), CLUSTER_ID_KEY, metadata.clusterId().getBytes(StandardCharsets.UTF_8));
            db.db().write(sync, batch);
        }
        return metadata;
    }

    /** Kafka's form of a cluster ID: a random UUID as 22 characters of unpadded URL-safe base64. */
    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
