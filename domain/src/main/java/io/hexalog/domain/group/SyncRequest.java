package io.hexalog.domain.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A member asking for its assignment (SyncGroup); the leader brings everyone's.
 *
 * @param protocolType empty when the request version does not carry it
 * @param protocolName empty when the request version does not carry it
 * @param assignments  the leader's assignment by member ID; empty from followers
 */
public record SyncRequest(String memberId, Optional<String> groupInstanceId, int generationId,
                          Optional<String> protocolType, Optional<String> protocolName,
                          Map<String, byte[]> assignments) {

    public SyncRequest {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(protocolName, "protocolName");
        Map<String, byte[]> copy = new HashMap<>();
        assignments.forEach((member, bytes) -> copy.put(member, bytes.clone()));
        assignments = Map.copyOf(copy);
    }
}
