package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTextTest {

    @Test
    void shouldLeavePlainTextAsItIs() {
        assertThat(ClientText.escape("consumer-1 (orders.v2_é)")).isEqualTo("consumer-1 (orders.v2_é)");
    }

    @Test
    void shouldShowLineBreaksAndTabsEscapedSoThatALineStaysOneLine() {
        assertThat(ClientText.escape("tx\n12:00:00.000 INFO forged\r\tline"))
                .isEqualTo("tx\\n12:00:00.000 INFO forged\\r\\tline");
    }

    @Test
    void shouldShowOtherControlCharactersAndLineSeparatorsAsUnicodeEscapes() {
        assertThat(ClientText.escape("\u001b[31mred\u0000\u2028end")).isEqualTo("\\u001b[31mred\\u0000\\u2028end");
    }

    @Test
    void shouldCutLongTextAndSayHowLongItWas() {
        // given
        String longText = "a".repeat(ClientText.MAX_CHARS + 100);

        // when
        String shown = ClientText.escape(longText);

        // then
        assertThat(shown).isEqualTo("a".repeat(ClientText.MAX_CHARS) + "...(" + longText.length() + " chars)");
    }

    @Test
    void shouldEscapeWhatIsKeptOfLongText() {
        String shown = ClientText.escape("\n".repeat(ClientText.MAX_CHARS + 1));

        assertThat(shown).isEqualTo("\\n".repeat(ClientText.MAX_CHARS) + "...(" + (ClientText.MAX_CHARS + 1) + " chars)");
    }

    @Test
    void shouldShowNullAsNull() {
        assertThat(ClientText.escape(null)).isEqualTo("null");
    }

    @Test
    void shouldEscapeControlCharactersOfTextOfAnyLengthWhenAskedNotToCut() {
        String longLine = "x".repeat(ClientText.MAX_CHARS * 2) + "\n";

        assertThat(ClientText.escapeControlCharacters(longLine)).isEqualTo("x".repeat(ClientText.MAX_CHARS * 2) + "\\n");
    }
}
