package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadLimitTest {

    @Test
    void shouldAdmitBatchesWhileTheyFit() {
        ReadLimit limit = ReadLimit.strict(100);

        assertThat(limit.admits(0, 60)).isTrue();
        assertThat(limit.admits(60, 40)).isTrue();
        assertThat(limit.admits(60, 41)).isFalse();
    }

    @Test
    void shouldAdmitAFirstBatchLargerThanTheLimitWhenAtLeastOneBatchIsWanted() {
        assertThat(ReadLimit.atLeastOneBatch(100).admits(0, 5_000)).isTrue();
        assertThat(ReadLimit.atLeastOneBatch(0).admits(0, 61)).isTrue();
    }

    @Test
    void shouldNotAdmitALargeBatchAfterTheFirstEvenWhenAtLeastOneBatchIsWanted() {
        assertThat(ReadLimit.atLeastOneBatch(100).admits(61, 5_000)).isFalse();
    }

    @Test
    void shouldRefuseAFirstBatchLargerThanAStrictLimit() {
        assertThat(ReadLimit.strict(100).admits(0, 101)).isFalse();
        assertThat(ReadLimit.strict(0).admits(0, 61)).isFalse();
    }

    @Test
    void shouldRefuseANegativeLimit() {
        assertThatThrownBy(() -> ReadLimit.strict(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
