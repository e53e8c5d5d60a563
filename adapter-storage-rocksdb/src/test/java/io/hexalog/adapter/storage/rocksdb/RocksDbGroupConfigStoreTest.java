package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.GroupConfigStoreContract;
import io.hexalog.domain.group.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RocksDbGroupConfigStoreTest extends GroupConfigStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected GroupConfigStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.groupConfigStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void shouldKeepConfigsAcrossAReopen() {
        store().put(BILLING, Map.of("consumer.session.timeout.ms", "50000"));
        store().put(AUDIT, Map.of("consumer.heartbeat.interval.ms", "7000"));
        store().put(AUDIT, Map.of());
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.groupConfigStore().all())
                .isEqualTo(Map.of(BILLING, Map.of("consumer.session.timeout.ms", "50000")));
    }

    @Test
    void shouldKeepGroupsWhoseNamesArePrefixesOfEachOtherApart() {
        store().put(GroupId.of("bill"), Map.of("consumer.session.timeout.ms", "50000"));
        store().put(GroupId.of("billing"), Map.of("consumer.session.timeout.ms", "55000"));
        store().put(GroupId.of("bill"), Map.of());
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.groupConfigStore().all())
                .isEqualTo(Map.of(GroupId.of("billing"), Map.of("consumer.session.timeout.ms", "55000")));
    }

    @Test
    void shouldForgetConfigsWhenANodeOfAClusterRebuildsItsMetadata() {
        store().put(BILLING, Map.of("consumer.session.timeout.ms", "50000"));
        storage.close();

        storage = RocksDbStorage.openRebuildingMetadata(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.groupConfigStore().all()).isEmpty();
    }
}
