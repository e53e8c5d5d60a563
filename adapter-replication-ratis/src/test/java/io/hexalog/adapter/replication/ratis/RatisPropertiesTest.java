package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RatisPropertiesTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldCountAnEntryAsHeldOnlyOnceItsLogIsForced() {
        // given a node's settings
        ClusterSettings settings = OneNodeCluster.settings(dataDir);

        // when its Ratis properties are made
        RaftProperties properties = RatisProperties.of(settings);

        // then Ratis waits for each force before it counts the entries written (ADR 19)
        assertThat(RaftServerConfigKeys.Log.unsafeFlushEnabled(properties)).isFalse();
        assertThat(RaftServerConfigKeys.Log.asyncFlushEnabled(properties)).isFalse();
    }
}
