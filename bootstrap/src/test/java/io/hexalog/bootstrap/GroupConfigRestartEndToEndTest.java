package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.hexalog.bootstrap.GroupConfigEndToEndTest.alter;
import static io.hexalog.bootstrap.GroupConfigEndToEndTest.describe;
import static io.hexalog.bootstrap.GroupConfigEndToEndTest.set;
import static org.assertj.core.api.Assertions.assertThat;

/** A group's own configs on RocksDB outlive the broker, as topic configs do. */
@Timeout(120)
class GroupConfigRestartEndToEndTest {

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepAGroupsConfigsAcrossARestart() throws Exception {
        // given a group with its own session timeout
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir, GroupConfigEndToEndTest::withGroupBounds);
        try (Admin admin = broker.admin()) {
            alter(admin, new ConfigResource(ConfigResource.Type.GROUP, "durable"), set("consumer.session.timeout.ms", "20000"));
        }

        // when the broker stops and a new one starts on the same data directory
        broker.close();
        broker = null;
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir, GroupConfigEndToEndTest::withGroupBounds);

        // then the admin client sees the group's own value
        try (Admin admin = broker.admin()) {
            Config config = describe(admin, "durable");
            assertThat(config.get("consumer.session.timeout.ms").value()).isEqualTo("20000");
            assertThat(config.get("consumer.session.timeout.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
        }
    }
}
