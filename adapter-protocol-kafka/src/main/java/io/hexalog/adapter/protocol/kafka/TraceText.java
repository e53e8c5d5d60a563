package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One side of a protocol trace line, written word by word by an {@link ApiSummary}: space separated,
 * bounded in length (words past the bound are left out and the text ends with {@code ...}), error codes as
 * Kafka's error names, and topics by name even where the request names them by ID. Words come from clients:
 * their control characters are {@linkplain ClientText escaped}, so that a line stays one line.
 */
final class TraceText {

    static final String TRUNCATED = " ...";

    private final StringBuilder text = new StringBuilder();
    private final Function<Uuid, Optional<String>> topicNames;
    private final int maxLength;
    private boolean truncated;

    /**
     * @param topicNames the name of the topic with an ID, if there is one
     * @param maxLength  the longest text kept, {@link #TRUNCATED} not counted
     */
    TraceText(Function<Uuid, Optional<String>> topicNames, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max length must be positive: " + maxLength);
        }
        this.topicNames = topicNames;
        this.maxLength = maxLength;
    }

    /** Appends a word, separated from the one before by a space. */
    TraceText add(String sent) {
        if (truncated || sent.isEmpty()) {
            return this;
        }
        String word = ClientText.escapeControlCharacters(sent);
        int separator = text.isEmpty() ? 0 : 1;
        if (text.length() + separator + word.length() > maxLength) {
            truncated = true;
            return this;
        }
        if (separator == 1) {
            text.append(' ');
        }
        text.append(word);
        return this;
    }

    /** Appends {@code name=value}; an empty value shows as {@code ""}. */
    TraceText field(String name, Object value) {
        return add(name + "=" + shown(value));
    }

    /**
     * Appends {@code name=a,b,c}, or {@code name=none}; when not every item fits, as many as fit followed by
     * the truncation mark.
     */
    TraceText list(String name, List<String> items) {
        if (items.isEmpty()) {
            return add(name + "=none");
        }
        StringBuilder word = new StringBuilder(name).append('=');
        int room = maxLength - text.length() - (text.isEmpty() ? 0 : 1);
        boolean cut = false;
        for (int i = 0; i < items.size() && !cut; i++) {
            String item = (i == 0 ? "" : ",") + shown(items.get(i));
            cut = word.length() + item.length() > room;
            if (!cut) {
                word.append(item);
            }
        }
        add(word.toString());
        truncated |= cut;
        return this;
    }

    /** Appends the Kafka name of an error code, such as {@code NOT_LEADER_OR_FOLLOWER}. */
    TraceText error(short code) {
        return add(errorName(code));
    }

    /** Appends the error's name only when it is not {@code NONE}. */
    TraceText errorIfAny(short code) {
        return code == Errors.NONE.code() ? this : error(code);
    }

    /** A topic by its name, or, in versions that name topics by ID, by the name of the topic with that ID. */
    String topic(String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        if (id == null || Uuid.ZERO_UUID.equals(id)) {
            return shown(name);
        }
        return topicNames.apply(id).orElse(id.toString());
    }

    /** A partition as {@code topic[partition]}. */
    String partition(String name, Uuid id, int partition) {
        return topic(name, id) + "[" + partition + "]";
    }

    static String errorName(short code) {
        return Errors.forCode(code).name();
    }

    /** A value as a client sent it, escaped and bounded as {@link ClientText} does; an empty one as {@code ""}. */
    static String shown(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value.toString();
        return shown.isEmpty() ? "\"\"" : ClientText.escape(shown);
    }

    @Override
    public String toString() {
        return truncated ? text + TRUNCATED : text.toString();
    }
}
