package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A key or value as the API carries it, {@code {"type", "data"}}: {@code BINARY} data is base64,
 * {@code JSON} data is any JSON value, written as its JSON text, and {@code STRING} data is text, written as
 * UTF-8. A request without a type means JSON.
 */
record RecordContent(String type, JsonNode data) {

    static final String BINARY = "BINARY";
    static final String JSON = "JSON";
    static final String STRING = "STRING";

    /**
     * The bytes this content stands for; null when it has no data.
     *
     * @throws IllegalArgumentException for a type this broker does not know, or data that does not fit it
     */
    byte[] toBytes(ObjectMapper json, String field) {
        String kind = type == null ? JSON : type;
        if (data == null || data.isNull()) {
            if (!kind.equals(BINARY) && !kind.equals(JSON) && !kind.equals(STRING)) {
                throw unknownType(field, kind);
            }
            return null;
        }
        switch (kind) {
            case BINARY -> {
                if (!data.isTextual()) {
                    throw new IllegalArgumentException(field + ".data of type BINARY must be a base64 string");
                }
                try {
                    return Base64.getDecoder().decode(data.textValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(field + ".data is not valid base64: " + e.getMessage());
                }
            }
            case STRING -> {
                if (!data.isTextual()) {
                    throw new IllegalArgumentException(field + ".data of type STRING must be a string");
                }
                return data.textValue().getBytes(StandardCharsets.UTF_8);
            }
            case JSON -> {
                try {
                    return json.writeValueAsBytes(data);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(field + ".data cannot be written as JSON: " + e.getOriginalMessage());
                }
            }
            default -> throw unknownType(field, kind);
        }
    }

    /**
     * How stored bytes are shown: JSON when they parse as one JSON value, STRING when they are UTF-8 text,
     * BINARY (base64) otherwise; null for null bytes.
     */
    static RecordContent of(byte[] bytes, ObjectMapper json) {
        if (bytes == null) {
            return null;
        }
        JsonNode parsed = parsedJson(bytes, json);
        if (parsed != null) {
            return new RecordContent(JSON, parsed);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new RecordContent(STRING, json.getNodeFactory().textNode(text));
        } catch (CharacterCodingException e) {
            return new RecordContent(BINARY, json.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes)));
        }
    }

    private static JsonNode parsedJson(byte[] bytes, ObjectMapper json) {
        try {
            JsonNode node = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static IllegalArgumentException unknownType(String field, String kind) {
        return new IllegalArgumentException(field + ".type " + kind + " is not supported; use BINARY, JSON or STRING");
    }
}
