package io.hexalog.domain.error;

/** Too few of the partition's replicas are alive to accept a write safely; retry (NOT_ENOUGH_REPLICAS). */
public final class NotEnoughReplicasException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }
}
