package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTextTest {

    private static final Uuid ORDERS_ID = Uuid.randomUuid();

    private static TraceText text(int maxLength) {
        return new TraceText(id -> id.equals(ORDERS_ID) ? Optional.of("orders") : Optional.empty(), maxLength);
    }

    @Test
    void shouldSeparateWordsAndShowEmptyValuesAsQuotes() {
        assertThat(text(100).add("first").field("member", "").field("instance", null).add("").toString())
                .isEqualTo("first member=\"\" instance=null");
    }

    @Test
    void shouldNameErrorsAsKafkaDoes() {
        assertThat(text(100).error(Errors.NOT_LEADER_OR_FOLLOWER.code()).errorIfAny(Errors.NONE.code())
                .errorIfAny(Errors.OFFSET_OUT_OF_RANGE.code()).toString())
                .isEqualTo("NOT_LEADER_OR_FOLLOWER OFFSET_OUT_OF_RANGE");
    }

    @Test
    void shouldNameTopicsGivenByIdAndShowUnknownIdsAsThemselves() {
        TraceText text = text(100);
        Uuid unknown = Uuid.randomUuid();

        assertThat(text.partition("", ORDERS_ID, 3)).isEqualTo("orders[3]");
        assertThat(text.partition("by-name", ORDERS_ID, 0)).isEqualTo("by-name[0]");
        assertThat(text.topic(null, unknown)).isEqualTo(unknown.toString());
    }

    @Test
    void shouldStopAtItsLengthAndSaySo() {
        TraceText text = text(12).add("orders[0]").add("orders[1]").add("x");

        assertThat(text.toString()).isEqualTo("orders[0]" + TraceText.TRUNCATED);
    }

    @Test
    void shouldListAsManyItemsAsFit() {
        assertThat(text(100).list("topics", List.of("a", "b")).list("members", List.of()).toString())
                .isEqualTo("topics=a,b members=none");
        assertThat(text(16).add("x").list("topics", List.of("alpha", "beta", "gamma")).toString())
                .isEqualTo("x topics=alpha" + TraceText.TRUNCATED);
    }
}
