package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored bytes show as JSON, text or base64, whichever they are; request content turns into the bytes it names. */
class RecordContentTest {

    private final ObjectMapper json = JsonMapping.objectMapper();

    @Test
    void shouldShowBytesThatParseAsOneJsonValueAsJson() {
        assertThat(RecordContent.of(utf8("{\"a\": [1, 2]}"), json).type()).isEqualTo("JSON");
        assertThat(RecordContent.of(utf8("42"), json).data().intValue()).isEqualTo(42);
    }

    @Test
    void shouldShowUtf8TextThatIsNotJsonAsAString() {
        assertThat(RecordContent.of(utf8("{\"a\": 1} and more"), json)).isEqualTo(
                new RecordContent("STRING", json.getNodeFactory().textNode("{\"a\": 1} and more")));
        assertThat(RecordContent.of(utf8("grüße"), json).data().textValue()).isEqualTo("grüße");
        assertThat(RecordContent.of(new byte[0], json).type()).isEqualTo("STRING");
    }

    @Test
    void shouldShowBytesThatAreNotUtf8AsBase64() {
        RecordContent content = RecordContent.of(new byte[] {(byte) 0xc3, 0x28}, json);

        assertThat(content.type()).isEqualTo("BINARY");
        assertThat(content.data().textValue()).isEqualTo("wyg=");
    }

    @Test
    void shouldTurnEachTypeOfRequestContentIntoItsBytes() throws Exception {
        assertThat(new RecordContent("BINARY", json.readTree("\"wyg=\"")).toBytes(json, "value"))
                .isEqualTo(new byte[] {(byte) 0xc3, 0x28});
        assertThat(new RecordContent("STRING", json.readTree("\"hi\"")).toBytes(json, "value")).isEqualTo(utf8("hi"));
        assertThat(new RecordContent(null, json.readTree("{\"a\":1}")).toBytes(json, "value")).isEqualTo(utf8("{\"a\":1}"));
        assertThat(new RecordContent("JSON", null).toBytes(json, "value")).isNull();
    }

    @Test
    void shouldRefuseContentThatDoesNotFitItsType() throws Exception {
        assertThatThrownBy(() -> new RecordContent("STRING", json.readTree("5")).toBytes(json, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key.data");
        assertThatThrownBy(() -> new RecordContent("BINARY", json.readTree("\"%%\"")).toBytes(json, "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> new RecordContent("AVRO", json.readTree("{}")).toBytes(json, "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AVRO");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
