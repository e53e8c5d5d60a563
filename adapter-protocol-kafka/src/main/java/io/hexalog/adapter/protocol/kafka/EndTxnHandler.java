package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/**
 * EndTxn: commits or aborts the producer's transaction; the answer comes once the decision is stored, and the
 * markers are written after it. Served up to version 4, transaction version 1: version 5, in which every EndTxn
 * bumps the producer's epoch (KIP-890), goes with the {@code transaction.version} feature and with Produce adding
 * partitions to transactions on its own, which are not offered yet, so clients stay on version 1.
 */
final class EndTxnHandler extends AbstractApiHandler<EndTxnRequestData, EndTxnResponseData> {

    private static final int FIRST_FENCED_VERSION = 2;
    private static final short FIRST_EPOCH_BUMPING_VERSION = 5;

    private final TransactionUseCase transactions;

    EndTxnHandler(TransactionUseCase transactions) {
        super(ApiKeys.END_TXN, 0, 4);
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        CompletableFuture<ProducerIdAndEpoch> ended;
        try {
            ended = transactions.endTransaction(TransactionalId.of(request.transactionalId()),
                    TransactionErrors.producer(request.producerId(), request.producerEpoch()), request.committed(),
                    context.apiVersion() >= FIRST_EPOCH_BUMPING_VERSION);
        } catch (HexalogException e) {
            ended = CompletableFuture.failedFuture(e);
        }
        return ended.handle((producer, failure) -> failure == null
                ? new EndTxnResponseData().setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                : new EndTxnResponseData().setErrorCode(
                        TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION).code()));
    }
}
