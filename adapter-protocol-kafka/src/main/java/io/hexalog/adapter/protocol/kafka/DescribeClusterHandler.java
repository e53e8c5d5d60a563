package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster (KIP-700): the brokers, the controller and the cluster ID. This is a broker endpoint, so
 * a request for controller endpoints (v1, KIP-919) is answered with MISMATCHED_ENDPOINT_TYPE, as Kafka does.
 */
final class DescribeClusterHandler extends AbstractApiHandler<DescribeClusterRequestData, DescribeClusterResponseData> {

    private static final byte BROKER_ENDPOINTS = 1;
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;

    private final DescribeClusterQuery cluster;

    DescribeClusterHandler(DescribeClusterQuery cluster) {
        super(ApiKeys.DESCRIBE_CLUSTER, 0, 2);
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<DescribeClusterResponseData> handle(RequestContext context, DescribeClusterRequestData request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setEndpointType(BROKER_ENDPOINTS)
                .setClusterAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        if (request.endpointType() != BROKER_ENDPOINTS) {
            return CompletableFuture.completedFuture(response
                    .setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("This endpoint serves brokers, not controllers"));
        }
        response.setClusterId(cluster.clusterId()).setControllerId(cluster.controllerId());
        cluster.brokers().forEach(broker -> response.brokers().add(new DescribeClusterBroker()
                .setBrokerId(broker.nodeId()).setHost(broker.host()).setPort(broker.port()).setIsFenced(false)));
        return CompletableFuture.completedFuture(response);
    }
}
