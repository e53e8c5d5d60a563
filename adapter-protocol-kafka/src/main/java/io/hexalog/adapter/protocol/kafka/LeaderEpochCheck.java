package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.Errors;

/**
 * KIP-320 fencing: a client that names a leader epoch must name the current one. A newer epoch than ours
 * means our metadata is behind (UNKNOWN_LEADER_EPOCH, retriable); an older one means the client's is
 * (FENCED_LEADER_EPOCH, it refreshes metadata). -1 means the client does not know the epoch.
 */
final class LeaderEpochCheck {

    private static final int UNKNOWN_EPOCH = -1;

    private LeaderEpochCheck() {
    }

    static Errors check(int requestEpoch, int currentEpoch) {
        if (requestEpoch == UNKNOWN_EPOCH || requestEpoch == currentEpoch) {
            return Errors.NONE;
        }
        return requestEpoch > currentEpoch ? Errors.UNKNOWN_LEADER_EPOCH : Errors.FENCED_LEADER_EPOCH;
    }
}
