package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/** The trace of a broker that does not trace: one shared instance that neither allocates nor formats. */
enum NoProtocolTrace implements ProtocolTrace, ProtocolTrace.Exchange {

    INSTANCE;

    @Override
    public Exchange begin(RequestHeader header, ApiMessage request) {
        return this;
    }

    @Override
    public void answered(ApiMessage response) {
    }

    @Override
    public void closed(String reason) {
    }
}
