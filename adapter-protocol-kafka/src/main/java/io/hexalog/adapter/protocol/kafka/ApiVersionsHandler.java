package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.transaction.TransactionVersion;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * ApiVersions: the APIs and versions this broker serves, taken from the registered handlers. Version 3 adds
 * the client's software name and version, which must be well formed (KIP-511), and the broker's features
 * (KIP-584): {@code transaction.version} is supported up to and finalized at the level the broker serves, which
 * is what switches kafka-clients 4.x to transaction version 2 (KIP-890). As in Kafka, a feature whose lowest
 * supported level is 0 is left out of SupportedFeatures below version 4 (KAFKA-17011: older clients refuse it).
 * Version 5 lets a client check it reached the cluster and node it expected, or be told to bootstrap again
 * (KIP-1242).
 */
final class ApiVersionsHandler extends AbstractApiHandler<ApiVersionsRequestData, ApiVersionsResponseData> {

    private static final Pattern SOFTWARE_NAME_OR_VERSION = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    private static final int NO_NODE_ID = -1;
    private static final short FIRST_VERSION_WITH_FEATURES = 3;
    private static final short FIRST_VERSION_WITH_SUPPORTED_LEVEL_ZERO = 4;
    /** The features never change while the broker runs: one epoch for them all. */
    private static final long FINALIZED_FEATURES_EPOCH = 0;

    private final ApiVersionsResponseData.ApiVersionCollection advertised;
    private final DescribeClusterQuery cluster;
    private final TransactionVersion transactionVersion;

    /**
     * @param others             every other API the broker serves; ApiVersions adds itself
     * @param transactionVersion the transaction version the broker serves
     */
    ApiVersionsHandler(List<ApiHandler<?, ?>> others, DescribeClusterQuery cluster,
                       TransactionVersion transactionVersion) {
        super(ApiKeys.API_VERSIONS, 0, 5);
        List<ApiHandler<?, ?>> served = new ArrayList<>(others);
        served.add(this);
        this.advertised = ApiHandlers.advertise(served);
        this.cluster = cluster;
        this.transactionVersion = transactionVersion;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        short version = context.apiVersion();
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setErrorCode(check(version, request).code())
                .setApiKeys(advertised.duplicate());
        if (version >= FIRST_VERSION_WITH_FEATURES) {
            addFeatures(version, response);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void addFeatures(short version, ApiVersionsResponseData response) {
        if (version >= FIRST_VERSION_WITH_SUPPORTED_LEVEL_ZERO) {
            response.supportedFeatures().add(new SupportedFeatureKey().setName(TransactionVersion.FEATURE_NAME)
                    .setMinVersion(TransactionVersion.TV_0.level()).setMaxVersion(transactionVersion.level()));
        }
        // a level of 0 is "not finalized", as Kafka leaves it out
        if (transactionVersion.level() > 0) {
            response.finalizedFeatures().add(new FinalizedFeatureKey().setName(TransactionVersion.FEATURE_NAME)
                    .setMinVersionLevel(transactionVersion.level()).setMaxVersionLevel(transactionVersion.level()));
        }
        response.setFinalizedFeaturesEpoch(FINALIZED_FEATURES_EPOCH);
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
