package io.hexalog.domain.compaction;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyOffsetMapTest {

    @Test
    void shouldKeepTheLatestOffsetOfEachKey() {
        KeyOffsetMap map = KeyOffsetMap.forKeys(10);
        map.put(key("a"), 3);
        map.put(key("b"), 4);
        map.put(key("a"), 7);

        assertThat(map.latestOffset(key("a"))).isEqualTo(7);
        assertThat(map.latestOffset(key("b"))).isEqualTo(4);
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void shouldAnswerAbsentForAnUnknownKey() {
        assertThat(KeyOffsetMap.forKeys(10).latestOffset(key("z"))).isEqualTo(KeyOffsetMap.ABSENT);
    }

    @Test
    void shouldTellAKeyAtOffsetZeroFromAnEmptySlot() {
        KeyOffsetMap map = KeyOffsetMap.forKeys(1);
        map.put(key("first"), 0);

        assertThat(map.latestOffset(key("first"))).isZero();
        assertThat(map.put(key("second"), 1)).isFalse();
    }

    @Test
    void shouldHoldOnlyAHashSoThatTheCallerMayReuseItsBuffer() {
        KeyOffsetMap map = KeyOffsetMap.forKeys(10);
        ByteBuffer reused = ByteBuffer.allocate(1).put((byte) 'a').flip();
        map.put(reused, 1);
        reused.put(0, (byte) 'b');

        assertThat(map.latestOffset(key("a"))).isEqualTo(1);
        assertThat(map.latestOffset(key("b"))).isEqualTo(KeyOffsetMap.ABSENT);
    }

    @Test
    void shouldLeaveTheKeysPositionAsItWas() {
        KeyOffsetMap map = KeyOffsetMap.forKeys(10);
        ByteBuffer key = key("abc");

        map.put(key, 1);
        map.latestOffset(key);

        assertThat(key.remaining()).isEqualTo(3);
    }

    @Test
    void shouldTakeNoMoreBytesThanItsSlots() {
        KeyOffsetMap map = new KeyOffsetMap(100, 90);

        assertThat(map.sizeInBytes()).isEqualTo(100L * 24);
        assertThat(map.capacity()).isEqualTo(90);
    }

    @Test
    void shouldRefuseTheFirstKeyBeyondItsCapacityAndStopThere() {
        KeyOffsetMap map = new KeyOffsetMap(4, 3);
        assertThat(map.put(key("a"), 10)).isTrue();
        assertThat(map.put(key("b"), 11)).isTrue();
        assertThat(map.put(key("c"), 12)).isTrue();
        assertThat(map.put(key("a"), 13)).as("a key it holds still moves on").isTrue();
        assertThat(map.isFull()).isFalse();

        assertThat(map.put(key("d"), 14)).isFalse();

        assertThat(map.isFull()).isTrue();
        assertThat(map.endOffset()).isEqualTo(14);
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.latestOffset(key("d"))).isEqualTo(KeyOffsetMap.ABSENT);
        assertThat(map.latestOffset(key("a"))).isEqualTo(13);
    }

    @Test
    void shouldRefuseEveryRecordAfterTheFirstItRefused() {
        KeyOffsetMap map = new KeyOffsetMap(2, 1);
        map.put(key("a"), 0);
        map.put(key("b"), 1);

        assertThat(map.put(key("a"), 2)).as("a later record of a held key would pass the end").isFalse();
        assertThat(map.latestOffset(key("a"))).isZero();
        assertThat(map.endOffset()).isEqualTo(1);
    }

    @Test
    void shouldSpeakForEveryOffsetWhileItRefusedNothing() {
        KeyOffsetMap map = KeyOffsetMap.forKeys(10);
        map.put(key("a"), 0);

        assertThat(map.isFull()).isFalse();
        assertThat(map.endOffset()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldFindEveryKeyOfAMapFilledToTheLastSlot() {
        int keys = 1000;
        KeyOffsetMap map = new KeyOffsetMap(keys, keys);
        for (int i = 0; i < keys; i++) {
            assertThat(map.put(key("key-" + i), i)).isTrue();
        }

        for (int i = 0; i < keys; i++) {
            assertThat(map.latestOffset(key("key-" + i))).isEqualTo(i);
        }
        assertThat(map.latestOffset(key("another"))).isEqualTo(KeyOffsetMap.ABSENT);
        assertThat(map.put(key("another"), keys)).isFalse();
    }

    @Test
    void shouldForgetEveryKeyAndItsEndWhenClearedForAnotherCleaning() {
        KeyOffsetMap map = new KeyOffsetMap(4, 2);
        map.put(key("a"), 10);
        map.put(key("b"), 11);
        map.put(key("c"), 12);

        map.clear(3, 3);

        assertThat(map.size()).isZero();
        assertThat(map.isFull()).isFalse();
        assertThat(map.latestOffset(key("a"))).isEqualTo(KeyOffsetMap.ABSENT);
        assertThat(map.latestOffset(key("b"))).isEqualTo(KeyOffsetMap.ABSENT);
        assertThat(map.put(key("c"), 0)).isTrue();
        assertThat(map.latestOffset(key("c"))).isZero();
        assertThat(map.capacity()).isEqualTo(3);
    }

    @Test
    void shouldKeepItsBufferWhenClearedForFewerSlotsAndGrowItForMore() {
        KeyOffsetMap map = new KeyOffsetMap(100, 90);
        for (int i = 0; i < 90; i++) {
            map.put(key("key-" + i), i);
        }

        map.clear(10, 9);
        assertThat(map.sizeInBytes()).isEqualTo(10L * KeyOffsetMap.ENTRY_BYTES);
        assertThat(map.allocatedBytes()).isEqualTo(100L * KeyOffsetMap.ENTRY_BYTES);
        for (int i = 0; i < 9; i++) {
            assertThat(map.put(key("other-" + i), i)).isTrue();
        }
        assertThat(map.latestOffset(key("key-0"))).isEqualTo(KeyOffsetMap.ABSENT);

        map.clear(200, 180);
        assertThat(map.allocatedBytes()).isEqualTo(200L * KeyOffsetMap.ENTRY_BYTES);
        assertThat(map.latestOffset(key("other-0"))).isEqualTo(KeyOffsetMap.ABSENT);
    }

    @Test
    void shouldRefuseACapacityAboveItsSlots() {
        assertThatThrownBy(() -> new KeyOffsetMap(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyOffsetMap(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static ByteBuffer key(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
