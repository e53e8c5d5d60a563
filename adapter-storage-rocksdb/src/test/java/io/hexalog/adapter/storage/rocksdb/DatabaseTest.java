package io.hexalog.adapter.storage.rocksdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

    private static final byte[] KEY = {1, 2, 3};

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTheGreatestLogStartOffsetWhateverOrderTheyAreWrittenIn() throws RocksDBException {
        try (Database database = Database.open(dataDir)) {
            mergeInOneWrite(database, 9, 300, 2, 256);
            mergeInOneWrite(database, 255);

            assertThat(logStartOffset(database)).isEqualTo(300);
        }
        try (Database reopened = Database.open(dataDir)) {
            assertThat(logStartOffset(reopened)).isEqualTo(300);
        }
    }

    private static void mergeInOneWrite(Database database, long... offsets) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
            for (long offset : offsets) {
                batch.merge(database.logStartOffset(), KEY, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
            }
            database.db().write(options, batch);
        }
    }

    private static long logStartOffset(Database database) throws RocksDBException {
        return ByteBuffer.wrap(database.db().get(database.logStartOffset(), KEY)).getLong();
    }
}
