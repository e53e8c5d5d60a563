package io.hexalog.application.fake;

import io.hexalog.domain.error.InvalidRegularExpressionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdkRegexTopicPatternCompilerFakeTest {

    private final JdkRegexTopicPatternCompilerFake compiler = new JdkRegexTopicPatternCompilerFake();

    @Test
    void shouldMatchWholeNamesAndNothingWithAnEmptyPattern() {
        assertThat(compiler.compile("audit-.*").matches("audit-eu")).isTrue();
        assertThat(compiler.compile("audit").matches("audit-eu")).isFalse();
        assertThat(compiler.compile("").matches("")).isFalse();
    }

    @Test
    void shouldRefuseAMalformedPatternAndRecordWhatItCompiled() {
        assertThatThrownBy(() -> compiler.compile("audit-[")).isInstanceOf(InvalidRegularExpressionException.class);
        assertThat(compiler.compiled()).containsExactly("audit-[");
    }
}
