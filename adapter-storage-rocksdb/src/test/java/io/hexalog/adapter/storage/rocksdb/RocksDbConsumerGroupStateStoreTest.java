package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.ConsumerGroupImages;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.ConsumerGroupStateStoreContract;
import io.hexalog.domain.group.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RocksDbConsumerGroupStateStoreTest extends ConsumerGroupStateStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected ConsumerGroupStateStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.consumerGroupStateStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void shouldKeepImagesAcrossAReopen() {
        store().put(ConsumerGroupImages.oneMember(BILLING, 1));
        store().put(ConsumerGroupImages.twoMembersRebalancing(BILLING));
        store().put(ConsumerGroupImages.oneMember(AUDIT, 3));
        store().remove(AUDIT);
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.consumerGroupStateStore().all())
                .isEqualTo(Map.of(BILLING, ConsumerGroupImages.twoMembersRebalancing(BILLING)));
    }

    @Test
    void shouldKeepGroupsWhoseNamesArePrefixesOfEachOtherApart() {
        GroupId bill = GroupId.of("bill");
        store().put(ConsumerGroupImages.oneMember(bill, 1));
        store().put(ConsumerGroupImages.oneMember(BILLING, 2));
        store().remove(bill);
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.consumerGroupStateStore().all()).containsOnlyKeys(BILLING);
    }

    @Test
    void shouldLeaveGroupConfigsAloneAndBeLeftAloneByThem() {
        store().put(ConsumerGroupImages.oneMember(BILLING, 1));
        storage.groupConfigStore().put(BILLING, Map.of("consumer.session.timeout.ms", "50000"));
        storage.groupConfigStore().put(BILLING, Map.of());
        storage.close();

        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.consumerGroupStateStore().find(BILLING)).contains(ConsumerGroupImages.oneMember(BILLING, 1));
    }

    @Test
    void shouldForgetImagesWhenANodeOfAClusterRebuildsItsMetadata() {
        store().put(ConsumerGroupImages.oneMember(BILLING, 1));
        storage.close();

        storage = RocksDbStorage.openRebuildingMetadata(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.consumerGroupStateStore().all()).isEmpty();
    }
}
