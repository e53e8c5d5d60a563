package io.hexalog.domain.compaction;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeyOffsetMapTest {

    @Test
    void shouldKeepTheLatestOffsetOfEachKey() {
        KeyOffsetMap map = new KeyOffsetMap();
        map.put(key("a"), 3);
        map.put(key("b"), 4);
        map.put(key("a"), 7);

        assertThat(map.latestOffset(key("a"))).isEqualTo(7);
        assertThat(map.latestOffset(key("b"))).isEqualTo(4);
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.greatestOffset()).isEqualTo(7);
    }

    @Test
    void shouldAnswerAbsentForAnUnknownKey() {
        assertThat(new KeyOffsetMap().latestOffset(key("z"))).isEqualTo(KeyOffsetMap.ABSENT);
    }

    @Test
    void shouldCopyKeysSoThatTheCallerMayReuseItsBuffer() {
        KeyOffsetMap map = new KeyOffsetMap();
        ByteBuffer reused = ByteBuffer.allocate(1).put((byte) 'a').flip();
        map.put(reused, 1);
        reused.put(0, (byte) 'b');

        assertThat(map.latestOffset(key("a"))).isEqualTo(1);
        assertThat(map.latestOffset(key("b"))).isEqualTo(KeyOffsetMap.ABSENT);
    }

    static ByteBuffer key(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
