package io.hexalog.domain.error;

/**
 * No replica may be elected leader of the partition now: only an unclean election, which could lose
 * acknowledged records, could name one, and the broker never holds one (ELIGIBLE_LEADERS_NOT_AVAILABLE).
 */
public final class EligibleLeadersNotAvailableException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public EligibleLeadersNotAvailableException(String message) {
        super(message);
    }
}
