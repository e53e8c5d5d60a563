package io.hexalog.domain.group;

import java.util.Objects;
import java.util.Optional;

/**
 * How a request names a member: by member ID, and for a static member by group instance ID too (which
 * alone suffices in LeaveGroup, where an operator removes a static member by its instance ID).
 */
public record MemberIdentity(String memberId, Optional<String> groupInstanceId) {

    public MemberIdentity {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }

    public static MemberIdentity dynamic(String memberId) {
        return new MemberIdentity(memberId, Optional.empty());
    }
}
