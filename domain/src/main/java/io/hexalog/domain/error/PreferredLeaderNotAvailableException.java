package io.hexalog.domain.error;

/**
 * The partition's preferred replica cannot take its leadership now: it is not alive, not in sync, or
 * did not take it over (PREFERRED_LEADER_NOT_AVAILABLE).
 */
public final class PreferredLeaderNotAvailableException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public PreferredLeaderNotAvailableException(String message) {
        super(message);
    }
}
