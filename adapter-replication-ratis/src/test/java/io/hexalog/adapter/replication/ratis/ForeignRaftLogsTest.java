package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.fake.MiniatureApplierFake;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node refuses, with the voters they were made with, the Raft logs of another cluster: ones a real node wrote
 * with other {@code --quorum-voters}, here another replication port. It starts on its own logs, and on none.
 */
class ForeignRaftLogsTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseTheLogsOfAClusterOfOtherVotersNamingThem() throws InterruptedException {
        // given a one-node cluster that ran on one replication port
        ClusterSettings first = OneNodeCluster.settings(dataDir);
        runOnce(first);
        QuorumVoter made = first.voters().get(0);

        // when the node starts on its data with another port
        ClusterSettings moved = OneNodeCluster.settings(dataDir);
        RatisNode node = new RatisNode(moved);

        // then it refuses, naming the voters its logs were made with and the flags to change
        assertThatThrownBy(() -> node.start(new MiniatureApplierFake(1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belong to a cluster of other voters (1@127.0.0.1:" + made.port() + ")")
                .hasMessageContaining(first.storageDirectory().toString())
                .hasMessageContaining("--quorum-voters");
        node.close();
        // and they are still there: started with the voters they were made with, the node runs on them
        runOnce(first);
    }

    @Test
    void shouldStartOnItsOwnLogsAgain() throws InterruptedException {
        // given a one-node cluster that ran once
        ClusterSettings settings = OneNodeCluster.settings(dataDir);
        runOnce(settings);

        // when it starts again with the same voters, then it leads its groups again
        runOnce(settings);
    }

    @Test
    void shouldAcceptAMissingStorageDirectoryAndDirectoriesThatAreNoGroup() throws Exception {
        Path storage = dataDir.resolve("raft");
        List<RaftGroupId> groups = List.of(
                new GroupLayout(List.of(new QuorumVoter(1, "127.0.0.1", 19_192))).metadata().getGroupId());

        ForeignRaftLogs.refuse(storage, groups);
        Files.createDirectories(storage.resolve("not-a-group"));
        ForeignRaftLogs.refuse(storage, groups);

        assertThat(storage.resolve("not-a-group")).isDirectory();
    }

    private static void runOnce(ClusterSettings settings) throws InterruptedException {
        RatisNode node = new RatisNode(settings);
        try {
            node.start(new MiniatureApplierFake(1000));
            OneNodeCluster.awaitLeadingEveryShard(node);
        } finally {
            node.close();
        }
    }
}
