package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator: names the broker coordinating a group (key type GROUP) or a transactional ID (key type
 * TRANSACTION, version 1 and up); versions 4 and up ask for several keys at once (KIP-699). Any other key type
 * (SHARE, KIP-932) is answered with INVALID_REQUEST, which clients report at once instead of retrying until they
 * time out.
 */
final class FindCoordinatorHandler extends AbstractApiHandler<FindCoordinatorRequestData, FindCoordinatorResponseData> {

    private static final byte GROUP_KEY = 0;
    private static final byte TRANSACTION_KEY = 1;
    private static final short FIRST_BATCHED_VERSION = 4;

    private final FindCoordinatorQuery coordinators;

    FindCoordinatorHandler(FindCoordinatorQuery coordinators) {
        super(ApiKeys.FIND_COORDINATOR, 0, 6);
        this.coordinators = coordinators;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(RequestContext context, FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= FIRST_BATCHED_VERSION) {
            request.coordinatorKeys().forEach(key -> response.coordinators().add(find(request.keyType(), key)));
        } else {
            Coordinator found = find(request.keyType(), request.key());
            response.setErrorCode(found.errorCode()).setErrorMessage(found.errorMessage())
                    .setNodeId(found.nodeId()).setHost(found.host()).setPort(found.port());
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator find(byte keyType, String key) {
        Coordinator coordinator = new Coordinator().setKey(key);
        try {
            BrokerNode node;
            if (keyType == GROUP_KEY) {
                node = coordinators.groupCoordinator(GroupId.of(key));
            } else if (keyType == TRANSACTION_KEY) {
                node = coordinators.transactionCoordinator(TransactionalId.of(key));
            } else {
                throw new InvalidRequestException("This broker coordinates consumer groups and transactions only; "
                        + "key type " + keyType + " is not supported");
            }
            return coordinator.setNodeId(node.nodeId()).setHost(node.host()).setPort(node.port())
                    .setErrorCode(Errors.NONE.code());
        } catch (HexalogException e) {
            return coordinator.setNodeId(-1).setHost("").setPort(-1)
                    .setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage());
        }
    }
}
