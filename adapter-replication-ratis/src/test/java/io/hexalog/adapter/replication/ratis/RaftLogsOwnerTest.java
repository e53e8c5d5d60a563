package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.fake.MiniatureApplierFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's Raft logs are recorded as its own on its first start, and refused to any other node after. */
class RaftLogsOwnerTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRecordTheFirstNodeAndLetItStartAgain() throws IOException {
        Path storage = dataDir.resolve("raft");

        RaftLogsOwner.claim(storage, 2);
        RaftLogsOwner.claim(storage, 2);

        assertThat(Files.readString(storage.resolve(RaftLogsOwner.FILE))).isEqualTo("node.id=2\n");
    }

    @Test
    void shouldRefuseTheLogsToAnotherNodeNamingTheirOwner() throws IOException {
        Path storage = dataDir.resolve("raft");
        RaftLogsOwner.claim(storage, 2);

        assertThatThrownBy(() -> RaftLogsOwner.claim(storage, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belong to node 2")
                .hasMessageContaining("not to node 1")
                .hasMessageContaining("--data-dir");
        assertThat(Files.readString(storage.resolve(RaftLogsOwner.FILE))).isEqualTo("node.id=2\n");
    }

    @Test
    void shouldRefuseANodeStartedOnAnotherNodesLogs() throws InterruptedException {
        // given a one-node cluster's logs, recorded as node 1's by its start
        ClusterSettings first = OneNodeCluster.settings(dataDir);
        RatisNode node = new RatisNode(first);
        node.start(new MiniatureApplierFake(1000));
        OneNodeCluster.awaitLeadingEveryShard(node);
        node.close();

        // then another node cannot take them over
        assertThatThrownBy(() -> RaftLogsOwner.claim(first.storageDirectory(), 3))
                .hasMessageContaining("belong to node 1");
    }
}
