package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The body of {@code POST .../topics/{topic_name}/records}: one record, Confluent's {@code ProduceRequest}.
 *
 * @param partitionId where to produce; chosen as the Java producer chooses when absent
 * @param timestamp   CreateTime as an RFC 3339 date-time or milliseconds since the epoch; now when absent
 */
record ProduceRecordRequest(Integer partitionId, List<HeaderData> headers, RecordContent key, RecordContent value,
                            JsonNode timestamp) {

    ProduceRecordRequest {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** @throws IllegalArgumentException for a timestamp that is neither a date-time nor a non-negative number */
    OptionalLong timestampMs() {
        if (timestamp == null || timestamp.isNull()) {
            return OptionalLong.empty();
        }
        if (timestamp.canConvertToLong() && timestamp.isIntegralNumber() && timestamp.longValue() >= 0) {
            return OptionalLong.of(timestamp.longValue());
        }
        if (timestamp.isTextual()) {
            try {
                return OptionalLong.of(Instant.parse(timestamp.textValue()).toEpochMilli());
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw new IllegalArgumentException("timestamp must be a date-time such as 2024-05-01T12:00:00Z or"
                + " milliseconds since the epoch, was " + timestamp);
    }

    /** A record header: its name and its value in base64, which may be null. */
    record HeaderData(String name, String value) {

        HeaderData {
            if (name == null) {
                throw new IllegalArgumentException("headers[].name is required");
            }
        }
    }
}
