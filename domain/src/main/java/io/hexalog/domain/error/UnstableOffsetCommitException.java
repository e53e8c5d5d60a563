package io.hexalog.domain.error;

/** A partition has offsets committed in a transaction that has not ended yet; the client retries (UNSTABLE_OFFSET_COMMIT). */
public final class UnstableOffsetCommitException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnstableOffsetCommitException(String message) {
        super(message);
    }
}
