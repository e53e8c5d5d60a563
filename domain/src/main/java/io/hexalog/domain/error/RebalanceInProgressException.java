package io.hexalog.domain.error;

/** The group is rebalancing; the member must rejoin (REBALANCE_IN_PROGRESS). */
public final class RebalanceInProgressException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public RebalanceInProgressException(String message) {
        super(message);
    }
}
