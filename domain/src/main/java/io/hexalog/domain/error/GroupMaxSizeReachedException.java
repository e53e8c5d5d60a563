package io.hexalog.domain.error;

/** The group already has as many members as it may have (GROUP_MAX_SIZE_REACHED). */
public final class GroupMaxSizeReachedException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public GroupMaxSizeReachedException(String message) {
        super(message);
    }
}
