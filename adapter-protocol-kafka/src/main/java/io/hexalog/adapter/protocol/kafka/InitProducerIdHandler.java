package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId for idempotent producers. Transactions are not supported: a transactional ID is refused
 * (the transactional producer also needs a transaction coordinator, which FindCoordinator does not offer).
 * Version 3 lets a producer that knows its ID ask for the next epoch (KIP-360). Version 6 (two-phase
 * commit, KIP-939) is not served.
 */
final class InitProducerIdHandler extends AbstractApiHandler<InitProducerIdRequestData, InitProducerIdResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final InitProducerIdUseCase producerIds;
    private final RateLimitedLog refusals = RateLimitedLog.perListener();

    InitProducerIdHandler(InitProducerIdUseCase producerIds) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 5);
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            refusals.info(LOG, "transactional id", "Refusing InitProducerId from {} for transactional id '{}': "
                    + "transactions are not supported", context.clientAddress(), ClientText.escape(request.transactionalId()));
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setProducerId(-1).setProducerEpoch((short) -1));
        }
        Optional<ProducerIdAndEpoch> current = request.producerId() >= 0 && request.producerEpoch() >= 0
                ? Optional.of(new ProducerIdAndEpoch(request.producerId(), request.producerEpoch()))
                : Optional.empty();
        return producerIds.initProducerId(current).thenApply(granted -> new InitProducerIdResponseData()
                .setProducerId(granted.producerId())
                .setProducerEpoch(granted.epoch()));
    }
}
