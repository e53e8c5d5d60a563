package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.ReplicatedLogContract;

class DirectReplicatedLogTest extends ReplicatedLogContract {

    @Override
    protected ReplicatedLog createLog(ApplyCommandUseCase applier) {
        return new DirectReplicatedLog(() -> applier);
    }
}
