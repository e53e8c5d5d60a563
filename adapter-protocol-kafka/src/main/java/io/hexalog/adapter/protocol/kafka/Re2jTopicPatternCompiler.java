package io.hexalog.adapter.protocol.kafka;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.group.consumer.TopicPattern;

/**
 * Members' regular expressions compiled with RE2/J, the engine and syntax of Kafka's own coordinator: what a
 * ConsumerGroupHeartbeat's {@code SubscribedTopicRegex} is compiled with, and what a restored group's stored
 * patterns are compiled with again.
 */
final class Re2jTopicPatternCompiler implements TopicPatternCompiler {

    @Override
    public TopicPattern compile(String source) {
        if (source.isEmpty()) {
            return new TopicPattern(source, topic -> false);
        }
        try {
            Pattern compiled = Pattern.compile(source);
            return new TopicPattern(source, topic -> compiled.matcher(topic).matches());
        } catch (PatternSyntaxException e) {
            throw new InvalidRegularExpressionException("SubscribedTopicRegex " + source + " is not a valid regular"
                    + " expression: " + e.getDescription());
        }
    }
}
