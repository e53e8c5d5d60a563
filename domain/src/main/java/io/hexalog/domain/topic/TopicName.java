package io.hexalog.domain.topic;

import io.hexalog.domain.error.InvalidTopicException;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A topic name that follows Kafka's rules: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and neither
 * {@code "."} nor {@code ".."}. An instance cannot hold an invalid name.
 */
public record TopicName(String value) implements Comparable<TopicName> {

    public static final int MAX_LENGTH = 249;

    /** Topics Kafka brokers keep for themselves: group offsets, transaction state, cluster metadata. */
    public static final Set<String> INTERNAL = Set.of("__consumer_offsets", "__transaction_state", "__cluster_metadata");

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    public TopicName {
        Objects.requireNonNull(value, "topic name");
        if (value.isEmpty()) {
            throw new InvalidTopicException("Topic name is empty");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidTopicException("Topic name cannot be \".\" or \"..\"");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidTopicException(
                    "Topic name is " + value.length() + " characters long, the limit is " + MAX_LENGTH);
        }
        if (!LEGAL.matcher(value).matches()) {
            throw new InvalidTopicException("Topic name '" + value
                    + "' contains characters other than ASCII alphanumerics, '.', '_' and '-'");
        }
    }

    public static TopicName of(String value) {
        return new TopicName(value);
    }

    /** Whether this is the name of one of the broker's own topics, which clients may not create. */
    public boolean isInternal() {
        return INTERNAL.contains(value);
    }

    /**
     * Kafka treats {@code .} and {@code _} as the same character in metric names, so two topics whose names
     * differ only there would collide.
     */
    public boolean collidesWith(TopicName other) {
        return !equals(other) && metricName().equals(other.metricName());
    }

    private String metricName() {
        return value.replace('.', '_');
    }

    @Override
    public int compareTo(TopicName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
