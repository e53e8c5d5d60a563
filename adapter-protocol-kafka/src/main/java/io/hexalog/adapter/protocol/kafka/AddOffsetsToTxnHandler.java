package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * AddOffsetsToTxn: the offsets the producer will commit for a group (TxnOffsetCommit) become part of its
 * transaction, committed or dropped with it.
 */
final class AddOffsetsToTxnHandler extends AbstractApiHandler<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData> {

    private static final int FIRST_FENCED_VERSION = 2;

    private final TransactionUseCase transactions;

    AddOffsetsToTxnHandler(TransactionUseCase transactions) {
        super(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4);
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<AddOffsetsToTxnResponseData> handle(RequestContext context, AddOffsetsToTxnRequestData request) {
        CompletableFuture<Void> added;
        try {
            added = transactions.addOffsets(TransactionalId.of(request.transactionalId()),
                    TransactionErrors.producer(request.producerId(), request.producerEpoch()),
                    GroupId.of(request.groupId()));
        } catch (HexalogException e) {
            added = CompletableFuture.failedFuture(e);
        }
        return added.handle((ignored, failure) -> new AddOffsetsToTxnResponseData().setErrorCode(failure == null
                ? Errors.NONE.code() : TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION).code()));
    }
}
