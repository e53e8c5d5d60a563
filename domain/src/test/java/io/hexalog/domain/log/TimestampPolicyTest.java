package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampPolicyTest {

    private static final long APPEND_TIME = 1_800_000_000_000L;

    @Test
    void shouldLetTheProducersTimestampsStandOnCreateTimeTopics() {
        assertThat(new TimestampPolicy(TimestampType.CREATE_TIME).logAppendTime(APPEND_TIME)).isEmpty();
    }

    @Test
    void shouldStampTheAppendTimeOnLogAppendTimeTopics() {
        assertThat(new TimestampPolicy(TimestampType.LOG_APPEND_TIME).logAppendTime(APPEND_TIME)).hasValue(APPEND_TIME);
    }
}
