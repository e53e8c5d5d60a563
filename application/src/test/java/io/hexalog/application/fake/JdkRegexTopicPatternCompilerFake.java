package io.hexalog.application.fake;

import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.group.consumer.TopicPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles patterns with the JDK's engine, whose syntax contains the plain patterns tests subscribe with
 * ({@code audit-.*}); it is not RE2/J, so it does not keep the contract's promises about RE2's own syntax and
 * linear time, which only the adapter's test checks. It records what it compiled, so that a test can see a
 * restored group's patterns compiled again.
 */
public final class JdkRegexTopicPatternCompilerFake implements TopicPatternCompiler {

    private final List<String> compiled = new ArrayList<>();

    @Override
    public synchronized TopicPattern compile(String source) {
        compiled.add(source);
        if (source.isEmpty()) {
            return new TopicPattern(source, topic -> false);
        }
        try {
            Pattern pattern = Pattern.compile(source);
            return new TopicPattern(source, topic -> pattern.matcher(topic).matches());
        } catch (PatternSyntaxException e) {
            throw new InvalidRegularExpressionException("SubscribedTopicRegex " + source + " is not a valid regular"
                    + " expression: " + e.getDescription());
        }
    }

    /** The sources compiled so far, in order. */
    public synchronized List<String> compiled() {
        return List.copyOf(compiled);
    }
}
