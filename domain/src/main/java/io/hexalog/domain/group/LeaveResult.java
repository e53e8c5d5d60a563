package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;

import java.util.Objects;
import java.util.Optional;

/** What became of one member named in a LeaveGroup request. */
public record LeaveResult(MemberIdentity member, Optional<HexalogException> error) {

    public LeaveResult {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(error, "error");
    }

    static LeaveResult left(MemberIdentity member) {
        return new LeaveResult(member, Optional.empty());
    }

    static LeaveResult failed(MemberIdentity member, HexalogException error) {
        return new LeaveResult(member, Optional.of(error));
    }
}
