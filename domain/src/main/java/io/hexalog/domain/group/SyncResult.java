package io.hexalog.domain.group;

import java.util.Objects;
import java.util.Optional;

/** The answer to a successful SyncGroup: the member's assignment in the current generation. */
public record SyncResult(Optional<String> protocolType, Optional<String> protocolName, byte[] assignment) {

    public SyncResult {
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(protocolName, "protocolName");
        assignment = assignment.clone();
    }

    @Override
    public byte[] assignment() {
        return assignment.clone();
    }
}
