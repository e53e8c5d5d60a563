package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.ReplicatedLogContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The log of a real one-node Ratis cluster, on a loopback port, keeping its Raft logs in a temporary directory. */
class RatisReplicatedLogTest extends ReplicatedLogContract {

    @TempDir
    Path dataDir;

    @Override
    protected ReplicatedLog createLog(ApplyCommandUseCase applier) {
        return new RatisReplicatedLog(new RatisNode(OneNodeCluster.settings(dataDir)), () -> applier);
    }
}
