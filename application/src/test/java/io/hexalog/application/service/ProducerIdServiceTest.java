package io.hexalog.application.service;

import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerIdServiceTest {

    private final SequentialProducerIdBlockStoreFake blocks = new SequentialProducerIdBlockStoreFake(5000);
    private final ProducerIdService service = new ProducerIdService(LocallyApplied.producerIds(blocks), Runnable::run);

    @Test
    void shouldGiveANewProducerTheFirstIdOfAClaimedBlockAtEpochZero() {
        ProducerIdAndEpoch first = service.initProducerId(Optional.empty()).join();

        assertThat(first).isEqualTo(new ProducerIdAndEpoch(5000, (short) 0));
        assertThat(blocks.claims()).containsExactly(ProducerIdService.BLOCK_SIZE);
    }

    @Test
    void shouldHandOutEachIdOfABlockOnceBeforeClaimingTheNext() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < ProducerIdService.BLOCK_SIZE; i++) {
            ids.add(service.initProducerId(Optional.empty()).join().producerId());
        }
        assertThat(ids).hasSize(ProducerIdService.BLOCK_SIZE);
        assertThat(blocks.claims()).hasSize(1);

        ProducerIdAndEpoch next = service.initProducerId(Optional.empty()).join();

        assertThat(next.producerId()).isEqualTo(5000 + ProducerIdService.BLOCK_SIZE);
        assertThat(blocks.claims()).hasSize(2);
    }

    @Test
    void shouldBumpTheEpochOfAKnownProducer() {
        ProducerIdAndEpoch first = service.initProducerId(Optional.empty()).join();

        ProducerIdAndEpoch bumped = service.initProducerId(Optional.of(first)).join();

        assertThat(bumped).isEqualTo(new ProducerIdAndEpoch(first.producerId(), (short) 1));
        assertThat(service.initProducerId(Optional.of(bumped)).join().epoch()).isEqualTo((short) 2);
    }

    @Test
    void shouldBumpUpToTheLastUsableEpoch() {
        ProducerIdAndEpoch nearlyExhausted = new ProducerIdAndEpoch(7, (short) (Short.MAX_VALUE - 2));

        assertThat(service.initProducerId(Optional.of(nearlyExhausted)).join())
                .isEqualTo(new ProducerIdAndEpoch(7, (short) (Short.MAX_VALUE - 1)));
    }

    @Test
    void shouldGiveANewIdWhenTheEpochIsExhausted() {
        ProducerIdAndEpoch exhausted = new ProducerIdAndEpoch(7, (short) (Short.MAX_VALUE - 1));

        ProducerIdAndEpoch fresh = service.initProducerId(Optional.of(exhausted)).join();

        assertThat(fresh).isEqualTo(new ProducerIdAndEpoch(5000, (short) 0));
    }
}
