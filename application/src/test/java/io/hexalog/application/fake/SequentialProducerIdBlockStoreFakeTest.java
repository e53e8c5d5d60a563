package io.hexalog.application.fake;

import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.ProducerIdBlockStoreContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequentialProducerIdBlockStoreFakeTest extends ProducerIdBlockStoreContract {

    @Override
    protected ProducerIdBlockStore createStore() {
        return new SequentialProducerIdBlockStoreFake();
    }

    @Test
    void shouldStartAfterTheIdsItWasToldAreTaken() {
        SequentialProducerIdBlockStoreFake blocks = new SequentialProducerIdBlockStoreFake(5000);

        assertThat(blocks.claimBlock(10)).isEqualTo(5000);
        assertThat(blocks.claimBlock(10)).isEqualTo(5010);
    }

    @Test
    void shouldRememberTheSizeOfEveryClaim() {
        SequentialProducerIdBlockStoreFake blocks = new SequentialProducerIdBlockStoreFake();

        blocks.claimBlock(1000);
        blocks.claimBlock(7);

        assertThat(blocks.claims()).containsExactly(1000, 7);
    }
}
