package io.hexalog.domain.error;

/** A compression codec the negotiated protocol version does not allow. */
public final class UnsupportedCompressionTypeException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnsupportedCompressionTypeException(String message) {
        super(message);
    }
}
