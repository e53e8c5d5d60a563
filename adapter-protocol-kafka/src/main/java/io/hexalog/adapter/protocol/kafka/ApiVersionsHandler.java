package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * ApiVersions: the APIs and versions this broker serves, taken from the registered handlers. Version 3 adds
 * the client's software name and version, which must be well formed (KIP-511); version 5 lets a client
 * check it reached the cluster and node it expected, or be told to bootstrap again (KIP-1242).
 */
final class ApiVersionsHandler extends AbstractApiHandler<ApiVersionsRequestData, ApiVersionsResponseData> {

    private static final Pattern SOFTWARE_NAME_OR_VERSION = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    private static final int NO_NODE_ID = -1;

    private final ApiVersionsResponseData.ApiVersionCollection advertised;
    private final DescribeClusterQuery cluster;

    /** @param others every other API the broker serves; ApiVersions adds itself */
    ApiVersionsHandler(List<ApiHandler<?, ?>> others, DescribeClusterQuery cluster) {
        super(ApiKeys.API_VERSIONS, 0, 5);
        List<ApiHandler<?, ?>> served = new ArrayList<>(others);
        served.add(this);
        this.advertised = ApiHandlers.advertise(served);
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        return CompletableFuture.completedFuture(new ApiVersionsResponseData()
                .setErrorCode(check(context.apiVersion(), request).code())
                .setApiKeys(advertised.duplicate()));
    }

    private Errors check(short version, ApiVersionsRequestData request) {
        if (version >= 3 && !(valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion()))) {
            return Errors.INVALID_REQUEST;
        }
        if (version >= 5) {
            boolean otherCluster = request.clusterId() != null && !request.clusterId().equals(cluster.clusterId());
            boolean otherNode = request.nodeId() != NO_NODE_ID && request.nodeId() != cluster.localBroker().nodeId();
            if (otherCluster || otherNode) {
                return Errors.REBOOTSTRAP_REQUIRED;
            }
        }
        return Errors.NONE;
    }

    private static boolean valid(String value) {
        return value != null && SOFTWARE_NAME_OR_VERSION.matcher(value).matches();
    }
}
