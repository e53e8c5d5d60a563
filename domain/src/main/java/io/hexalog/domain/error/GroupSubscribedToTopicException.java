package io.hexalog.domain.error;

/** The group's members are subscribed to the topic, so its offsets cannot be deleted (GROUP_SUBSCRIBED_TO_TOPIC). */
public final class GroupSubscribedToTopicException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public GroupSubscribedToTopicException(String message) {
        super(message);
    }
}
