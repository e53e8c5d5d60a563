package io.hexalog.benchmarks.failover;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBackCheckTest {

    @Test
    void shouldFindNothingLostWhenEveryAcknowledgedRecordIsAtItsOffset() {
        AcknowledgementLog log = acknowledged(3);
        ReadBackCheck check = new ReadBackCheck();
        check.read(0, 0, 0);
        check.read(1, 0, 1);
        check.read(0, 1, 2);

        assertThat(check.against(log)).isEqualTo(new ReadBackCheck.Verdict(3, 3, 0, 0));
    }

    @Test
    void shouldCountAnAcknowledgedRecordMissingOrAtAnotherOffsetAsLost() {
        AcknowledgementLog log = acknowledged(3);
        ReadBackCheck check = new ReadBackCheck();
        check.read(0, 0, 0);
        check.read(0, 1, 1); // record 1 was acknowledged at offset 0 of partition 1
        // record 2 is missing

        ReadBackCheck.Verdict verdict = check.against(log);

        assertThat(verdict.lost()).isEqualTo(2);
        assertThat(verdict.nothingLostOrDuplicated()).isFalse();
    }

    @Test
    void shouldCountARecordReadAtTwoOffsetsAsDuplicated() {
        AcknowledgementLog log = acknowledged(3);
        ReadBackCheck check = new ReadBackCheck();
        check.read(0, 0, 0);
        check.read(1, 0, 1);
        check.read(0, 1, 2);
        check.read(0, 2, 2);

        ReadBackCheck.Verdict verdict = check.against(log);

        assertThat(verdict.lost()).isZero();
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.nothingLostOrDuplicated()).isFalse();
    }

    @Test
    void shouldNotExpectRecordsThatWereNeverAcknowledged() {
        AcknowledgementLog log = new AcknowledgementLog(2);
        log.sent(0, 0);
        log.acknowledged(0, 0, 1);
        log.sent(1, 0);
        log.failed(1);
        ReadBackCheck check = new ReadBackCheck();
        check.read(0, 0, 0);

        assertThat(check.against(log)).isEqualTo(new ReadBackCheck.Verdict(1, 1, 0, 0));
    }

    /** Records 0..n-1 round-robin over two partitions, acknowledged at offsets 0, 0, 1, 1, ... */
    private static AcknowledgementLog acknowledged(int records) {
        AcknowledgementLog log = new AcknowledgementLog(records);
        for (int index = 0; index < records; index++) {
            log.sent(index, index % 2);
            log.acknowledged(index, index / 2, index + 1);
        }
        return log;
    }
}
