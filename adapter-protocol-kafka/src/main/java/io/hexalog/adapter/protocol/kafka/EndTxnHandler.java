package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/**
 * EndTxn: commits or aborts the producer's transaction; the answer comes once the decision is stored, and the
 * markers are written after it. Version 5 is transaction version 2 (KIP-890): every EndTxn bumps the producer's
 * epoch, the markers carry the bumped one, and the response names the producer ID and epoch to go on with.
 * Versions 0 to 4 keep the producer's epoch.
 */
final class EndTxnHandler extends AbstractApiHandler<EndTxnRequestData, EndTxnResponseData> {

    private static final int FIRST_FENCED_VERSION = 2;
    private static final short FIRST_EPOCH_BUMPING_VERSION = 5;

    private final TransactionUseCase transactions;

    EndTxnHandler(TransactionUseCase transactions) {
        super(ApiKeys.END_TXN, 0, 5);
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        CompletableFuture<ProducerIdAndEpoch> ended;
        TransactionVersion clientVersion = context.apiVersion() >= FIRST_EPOCH_BUMPING_VERSION
                ? TransactionVersion.TV_2 : TransactionVersion.TV_0;
        try {
            ended = transactions.endTransaction(TransactionalId.of(request.transactionalId()),
                    TransactionErrors.producer(request.producerId(), request.producerEpoch()), request.committed(),
                    clientVersion);
        } catch (HexalogException e) {
            ended = CompletableFuture.failedFuture(e);
        }
        return ended.handle((producer, failure) -> failure == null
                ? new EndTxnResponseData().setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                : new EndTxnResponseData().setErrorCode(
                        TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION).code()));
    }
}
