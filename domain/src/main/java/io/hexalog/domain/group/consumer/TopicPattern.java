package io.hexalog.domain.group.consumer;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A subscription by regular expression (KIP-848's broker-side patterns, RE2/J syntax): the member consumes every
 * topic whose whole name matches. The pattern is compiled outside the domain (RE2/J, whose matching time is linear
 * in the name, whatever a client sends), which only asks whether a name matches; two patterns are equal when their
 * sources are. A pattern read back from a group's stored image is only its source until the coordinator that
 * restores the group compiles it again ({@link ConsumerGroup#restore}).
 */
public final class TopicPattern {

    private final String source;
    private final Predicate<String> matcher;

    /** @param matcher whether a whole topic name matches {@code source} */
    public TopicPattern(String source, Predicate<String> matcher) {
        this.source = Objects.requireNonNull(source, "source");
        this.matcher = Objects.requireNonNull(matcher, "matcher");
    }

    /**
     * A pattern as a group's stored image keeps it: its source, not compiled. Asking it whether a name matches is a
     * mistake: a restored group's patterns are compiled first.
     */
    public static TopicPattern stored(String source) {
        return new TopicPattern(source, topic -> {
            throw new IllegalStateException("The regular expression " + source + " was read from a stored group and"
                    + " not compiled again");
        });
    }

    public String source() {
        return source;
    }

    public boolean matches(String topicName) {
        return matcher.test(topicName);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPattern pattern && pattern.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
