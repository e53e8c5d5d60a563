package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.InitTransactionalProducerUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId: for idempotent producers, and for transactional ones (with a transactional ID), which the
 * transaction coordinator answers. Version 3 lets a producer that knows its ID ask for the next epoch (KIP-360).
 * Version 6 (two-phase commit, KIP-939) is not served.
 */
final class InitProducerIdHandler extends AbstractApiHandler<InitProducerIdRequestData, InitProducerIdResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    /** The first version whose clients know PRODUCER_FENCED (KIP-588). */
    private static final int FIRST_FENCED_VERSION = 4;

    private final InitProducerIdUseCase producerIds;
    private final InitTransactionalProducerUseCase transactionalProducers;
    private final RateLimitedLog refusals = RateLimitedLog.perListener();

    InitProducerIdHandler(InitProducerIdUseCase producerIds, InitTransactionalProducerUseCase transactionalProducers) {
        super(ApiKeys.INIT_PRODUCER_ID, 0, 5);
        this.producerIds = producerIds;
        this.transactionalProducers = transactionalProducers;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context, InitProducerIdRequestData request) {
        Optional<ProducerIdAndEpoch> current = request.producerId() >= 0 && request.producerEpoch() >= 0
                ? Optional.of(new ProducerIdAndEpoch(request.producerId(), request.producerEpoch()))
                : Optional.empty();
        if (request.transactionalId() != null) {
            return transactional(context, request, current);
        }
        return producerIds.initProducerId(current).thenApply(granted -> new InitProducerIdResponseData()
                .setProducerId(granted.producerId())
                .setProducerEpoch(granted.epoch()));
    }

    private CompletableFuture<InitProducerIdResponseData> transactional(RequestContext context,
                                                                       InitProducerIdRequestData request,
                                                                       Optional<ProducerIdAndEpoch> current) {
        CompletableFuture<ProducerIdAndEpoch> granted;
        try {
            granted = transactionalProducers.initProducerId(TransactionalId.of(request.transactionalId()),
                    request.transactionTimeoutMs(), current);
        } catch (HexalogException e) {
            granted = CompletableFuture.failedFuture(e);
        }
        return granted.handle((producer, failure) -> {
            if (failure == null) {
                return new InitProducerIdResponseData().setProducerId(producer.producerId())
                        .setProducerEpoch(producer.epoch());
            }
            Errors error = TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION);
            if (error == Errors.INVALID_TRANSACTION_TIMEOUT || error == Errors.INVALID_REQUEST) {
                refusals.info(LOG, "transactional id", "Refusing InitProducerId from {} for transactional id '{}': {}",
                        context.clientAddress(), ClientText.escape(request.transactionalId()),
                        ErrorMapping.message(failure));
            }
            return new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1)
                    .setErrorCode(error.code());
        });
    }
}
