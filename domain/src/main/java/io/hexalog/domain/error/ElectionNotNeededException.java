package io.hexalog.domain.error;

/**
 * The election asked for would change nothing: the partition already has the leader it asks for
 * (ELECTION_NOT_NEEDED).
 */
public final class ElectionNotNeededException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public ElectionNotNeededException(String message) {
        super(message);
    }
}
