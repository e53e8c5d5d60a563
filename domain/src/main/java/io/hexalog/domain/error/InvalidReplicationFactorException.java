package io.hexalog.domain.error;

/** A replication factor this cluster cannot satisfy. */
public final class InvalidReplicationFactorException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidReplicationFactorException(String message) {
        super(message);
    }
}
