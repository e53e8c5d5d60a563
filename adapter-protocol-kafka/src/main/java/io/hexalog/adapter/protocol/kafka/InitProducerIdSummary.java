package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.record.internal.RecordBatch;

/** InitProducerId: {@code timeout=60000ms | <- NONE producer=1000/0}, the producer ID and its epoch. */
final class InitProducerIdSummary implements ApiSummary<InitProducerIdRequestData, InitProducerIdResponseData> {

    @Override
    public void request(InitProducerIdRequestData request, short version, TraceText text) {
        if (request.transactionalId() != null) {
            text.field("txn", request.transactionalId());
        }
        text.add("timeout=" + request.transactionTimeoutMs() + "ms");
        if (request.producerId() != RecordBatch.NO_PRODUCER_ID) {
            text.field("producer", request.producerId() + "/" + request.producerEpoch());
        }
    }

    @Override
    public void response(InitProducerIdResponseData response, short version, TraceText text) {
        text.error(response.errorCode()).field("producer", response.producerId() + "/" + response.producerEpoch());
    }
}
