package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;

/**
 * ApiVersions: {@code software=apache-kafka-java/4.4.0 | <- NONE apis=27}; a client asking a version newer
 * than the broker serves gets UNSUPPORTED_VERSION at version 0 (KIP-511).
 */
final class ApiVersionsSummary implements ApiSummary<ApiVersionsRequestData, ApiVersionsResponseData> {

    @Override
    public void request(ApiVersionsRequestData request, short version, TraceText text) {
        if (request.clientSoftwareName() != null && !request.clientSoftwareName().isEmpty()) {
            text.field("software", request.clientSoftwareName() + "/" + request.clientSoftwareVersion());
        }
    }

    @Override
    public void response(ApiVersionsResponseData response, short version, TraceText text) {
        text.error(response.errorCode()).field("apis", response.apiKeys().size());
    }
}
