package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.Locale;

/**
 * FindCoordinator: {@code type=group keys=billing | <- billing NONE node=1@myhost:9092}. Versions before 4
 * ask for one key and get one coordinator.
 */
final class FindCoordinatorSummary implements ApiSummary<FindCoordinatorRequestData, FindCoordinatorResponseData> {

    @Override
    public void request(FindCoordinatorRequestData request, short version, TraceText text) {
        text.field("type", type(request.keyType()));
        if (request.coordinatorKeys().isEmpty()) {
            text.field("key", request.key());
        } else {
            text.list("keys", request.coordinatorKeys());
        }
    }

    @Override
    public void response(FindCoordinatorResponseData response, short version, TraceText text) {
        if (response.coordinators().isEmpty()) {
            text.error(response.errorCode()).field("node", node(response.nodeId(), response.host(), response.port()));
            return;
        }
        response.coordinators().forEach(coordinator -> text
                .add(TraceText.shown(coordinator.key()))
                .error(coordinator.errorCode())
                .field("node", node(coordinator.nodeId(), coordinator.host(), coordinator.port())));
    }

    private static String type(byte keyType) {
        for (CoordinatorType type : CoordinatorType.values()) {
            if (type.id() == keyType) {
                return type.name().toLowerCase(Locale.ROOT);
            }
        }
        return Byte.toString(keyType);
    }

    private static String node(int nodeId, String host, int port) {
        return nodeId + "@" + host + ":" + port;
    }
}
