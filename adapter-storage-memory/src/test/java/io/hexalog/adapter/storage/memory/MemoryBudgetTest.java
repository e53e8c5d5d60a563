package io.hexalog.adapter.storage.memory;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBudgetTest {

    private static final TopicIdPartition PARTITION = new TopicIdPartition(TopicId.random(), TopicName.of("orders"), 0);

    /** The budget logs through System.Logger, which without another backend is java.util.logging. */
    private final Logger log = Logger.getLogger(MemoryBudget.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final MemoryBudget budget = new MemoryBudget(100);

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        log.removeHandler(capture);
    }

    @Test
    void shouldReserveUpToTheLastByteAndNoFurther() {
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(41)).isFalse();
        assertThat(budget.usedBytes()).isEqualTo(60);

        assertThat(budget.tryReserve(40)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(100);
    }

    @Test
    void shouldLetReleasedBytesBeReservedAgain() {
        budget.tryReserve(100);

        budget.release(30);

        assertThat(budget.tryReserve(30)).isTrue();
        assertThat(budget.usedBytes()).isEqualTo(100);
    }

    @Test
    void shouldLogTheFirstRefusalOnlyUntilMemoryIsGivenBack() {
        budget.tryReserve(90);

        budget.refusal(PARTITION, 20);
        budget.refusal(PARTITION, 20);
        budget.refusal(PARTITION, 50);
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).getMessage()).contains("Memory storage is full", "--memory-max-bytes", "100 bytes");

        budget.release(10);
        budget.refusal(PARTITION, 20);
        assertThat(logged).hasSize(2);
    }

    @Test
    void shouldNameThePartitionTheSizeAndTheConfigInTheRefusal() {
        budget.tryReserve(90);

        assertThat(budget.refusal(PARTITION, 20).getMessage())
                .contains("20 bytes", PARTITION.toString(), "log.memory.max.bytes", "90 bytes in use");
    }

    @Test
    void shouldNotLogAgainWhenAReservationTheJvmCouldNotHonourIsCancelled() {
        budget.tryReserve(90);
        budget.refusal(PARTITION, 20);

        budget.tryReserve(10);
        budget.cancel(10);
        budget.refusal(PARTITION, 20);

        assertThat(logged).hasSize(1);
        assertThat(budget.usedBytes()).isEqualTo(90);
    }

    @Test
    void shouldBlameTheJvmsLimitWhenTheBudgetHadRoom() {
        budget.tryReserve(50);

        assertThat(budget.refusal(PARTITION, 20).getMessage()).contains("MaxDirectMemorySize", "set the budget lower");
    }

    @Test
    void shouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new MemoryBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
