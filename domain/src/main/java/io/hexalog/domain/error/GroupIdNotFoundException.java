package io.hexalog.domain.error;

/** No group has this ID (GROUP_ID_NOT_FOUND). */
public final class GroupIdNotFoundException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public GroupIdNotFoundException(String message) {
        super(message);
    }
}
