package io.hexalog.junit;

import io.hexalog.junit.endtoend.Clients;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker behind the annotation: where it keeps RocksDB's files, and that nothing is left once closed. */
class InProcessBrokerTest {

    @HexalogBroker(storage = Storage.ROCKSDB, topics = @Topic(name = "orders"))
    private static final class OnRocksDb {
    }

    @Test
    void shouldKeepRecordsInRocksDbInATemporaryDirectoryAndDeleteItWhenClosed() throws Exception {
        // given
        InProcessBroker broker = InProcessBroker.start(OnRocksDb.class.getAnnotation(HexalogBroker.class));
        Path dataDir = broker.dataDir();
        try {
            // when
            Clients.send(broker.bootstrapServers(), "orders", "stored");

            // then
            assertThat(Clients.readAll(broker.bootstrapServers(), "orders", 0, 1)).containsExactly("stored");
            try (var files = Files.walk(dataDir)) {
                assertThat(files.map(Path::getFileName).map(Path::toString)).contains("CURRENT");
            }
        } finally {
            broker.close();
        }
        assertThat(dataDir).doesNotExist();
        assertThat(Clients.listening(broker.bootstrapServers())).isFalse();
    }
}
