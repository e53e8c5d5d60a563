package io.hexalog.domain.error;

/** A fetch or lookup asked for an offset outside the log's range. */
public final class OffsetOutOfRangeException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
