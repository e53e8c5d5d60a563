package io.hexalog.domain.error;

/** A replica assignment that places partitions on brokers that do not exist. */
public final class InvalidReplicaAssignmentException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidReplicaAssignmentException(String message) {
        super(message);
    }
}
