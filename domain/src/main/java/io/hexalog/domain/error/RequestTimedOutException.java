package io.hexalog.domain.error;

/**
 * What the request asked for did not happen within its timeout; it may still happen later
 * (REQUEST_TIMED_OUT).
 */
public final class RequestTimedOutException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public RequestTimedOutException(String message) {
        super(message);
    }
}
