package io.hexalog.application.port.out;

import io.hexalog.domain.error.InvalidRegularExpressionException;
import io.hexalog.domain.group.consumer.TopicPattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link TopicPatternCompiler} promises: RE2/J's syntax, matched against whole topic names. */
public abstract class TopicPatternCompilerContract {

    private TopicPatternCompiler compiler;

    /** The adapter under test. Called once before each test. */
    protected abstract TopicPatternCompiler createCompiler();

    @BeforeEach
    void createTheCompiler() {
        compiler = createCompiler();
    }

    @Test
    void shouldMatchWholeTopicNamesOnly() {
        TopicPattern pattern = compiler.compile("orders-.*");

        assertThat(pattern.source()).isEqualTo("orders-.*");
        assertThat(pattern.matches("orders-eu")).isTrue();
        assertThat(pattern.matches("orders-")).isTrue();
        assertThat(pattern.matches("old-orders-eu")).isFalse();
        assertThat(compiler.compile("orders").matches("orders-eu")).isFalse();
    }

    @Test
    void shouldMatchNoTopicWithAnEmptyPattern() {
        TopicPattern empty = compiler.compile("");

        assertThat(empty.matches("")).isFalse();
        assertThat(empty.matches("orders")).isFalse();
    }

    @Test
    void shouldAcceptRe2sOwnSyntax() {
        // a named group as RE2 writes it, and a Unicode class
        assertThat(compiler.compile("(?P<region>eu|us)-orders").matches("us-orders")).isTrue();
        assertThat(compiler.compile("\\pL+-audit").matches("ledger-audit")).isTrue();
    }

    @Test
    void shouldRefuseWhatRe2CannotMatchInLinearTime() {
        // back-references and look-arounds are not RE2: a client cannot make the coordinator backtrack
        assertThatThrownBy(() -> compiler.compile("(orders)\\1")).isInstanceOf(InvalidRegularExpressionException.class)
                .hasMessageContaining("(orders)\\1");
        assertThatThrownBy(() -> compiler.compile("orders(?=-eu)")).isInstanceOf(InvalidRegularExpressionException.class);
    }

    @Test
    void shouldRefuseAMalformedPatternNamingIt() {
        assertThatThrownBy(() -> compiler.compile("orders-[")).isInstanceOf(InvalidRegularExpressionException.class)
                .hasMessageContaining("orders-[");
    }

    @Test
    void shouldGiveEqualPatternsForEqualSources() {
        assertThat(compiler.compile("audit-.*")).isEqualTo(compiler.compile("audit-.*"))
                .isNotEqualTo(compiler.compile("audit-.+"));
    }
}
