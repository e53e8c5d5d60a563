package io.hexalog.application.port.out;

import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.group.consumer.TopicPattern;

/**
 * Compiles the regular expressions consumer-protocol members subscribe with (KIP-848's broker-side patterns), in
 * RE2/J's syntax, as Kafka does: RE2's engine matches in time linear in the topic name whatever a client sends, so a
 * pattern cannot make a coordinator's thread spin. A pattern matches a topic when it matches the whole name. The
 * coordinator compiles a member's pattern when the member sends it, and again from its source when it restores a
 * group from its stored image, with the same compiler, so a restored member consumes exactly what it did.
 *
 * <p>The compiled pattern's source is the one given; an empty source matches no topic. A compiler is safe to call
 * from any thread, and so are the patterns it returns.
 */
public interface TopicPatternCompiler {

    /** @throws InvalidRegularExpressionException naming the pattern and why, if it is not valid RE2/J syntax */
    TopicPattern compile(String source);
}
