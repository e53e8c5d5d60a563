package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.cluster.BrokerNode;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Kafka listener what a client asks first: its API versions, then its metadata in the newest version both
 * sides know, over a connection of its own. It passes when both come back without an error; otherwise it fails with
 * an {@link IllegalStateException} that says which answer was missing or wrong.
 *
 * <p>{@code --exit-when-ready} runs it before the broker reports ready, so a configuration or data directory is
 * checked up to a served request; and because the build records the class-data archive from that run, the classes a
 * first request loads come from the archive too.
 */
final class ListenerSelfCheck {

    private static final String CLIENT_ID = "hexalog-self-check";
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private ListenerSelfCheck() {
    }

    /**
     * @param listener the listener's address; a wildcard address is asked on the loopback address
     * @param timeout  how long each of the two requests may wait for its answer
     */
    static void check(InetSocketAddress listener, Duration timeout) {
        String host = listener.getAddress() == null || listener.getAddress().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress().getHostAddress()
                : listener.getAddress().getHostAddress();
        // The node ID only matters to the connections' own bookkeeping: this is the one broker they talk to.
        BrokerNode self = new BrokerNode(0, host, listener.getPort());
        String where = "the Kafka listener on " + host + ":" + listener.getPort();
        try (InterBrokerConnections connections = new InterBrokerConnections(CLIENT_ID, where, "hexalog-self-check",
                timeout, MAX_RESPONSE_BYTES,
                (broker, why) -> new IllegalStateException(where + " did not answer: " + why))) {
            short apiVersionsVersion = ApiKeys.API_VERSIONS.latestVersion();
            ApiVersionsResponse versions = (ApiVersionsResponse) answer(connections.send(self, ApiKeys.API_VERSIONS,
                    apiVersionsVersion, new ApiVersionsRequest.Builder().build(apiVersionsVersion)), timeout, where);
            Errors versionsError = Errors.forCode(versions.data().errorCode());
            if (versionsError != Errors.NONE) {
                throw new IllegalStateException(where + " answered ApiVersions with " + versionsError.name());
            }
            ApiVersion metadataRange = versions.apiVersion(ApiKeys.METADATA.id);
            if (metadataRange == null) {
                throw new IllegalStateException(where + " does not list Metadata among its APIs");
            }
            short metadataVersion = (short) Math.min(metadataRange.maxVersion(), ApiKeys.METADATA.latestVersion());
            MetadataRequest noTopics = new MetadataRequest.Builder(new MetadataRequestData()
                    .setTopics(List.of()).setAllowAutoTopicCreation(false)).build(metadataVersion);
            MetadataResponse metadata = (MetadataResponse) answer(
                    connections.send(self, ApiKeys.METADATA, metadataVersion, noTopics), timeout, where);
            Errors metadataError = Errors.forCode(metadata.data().errorCode());
            if (metadataError != Errors.NONE) {
                throw new IllegalStateException(where + " answered Metadata v" + metadataVersion + " with "
                        + metadataError.name());
            }
        }
    }

    private static AbstractResponse answer(CompletableFuture<AbstractResponse> sent,
                                           Duration timeout, String where) {
        try {
            // The connections time the request out themselves; this bound only guards against a lost completion.
            return sent.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException failure ? failure
                    : new IllegalStateException(where + " did not answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(where + " did not answer within " + timeout.toMillis() * 2 + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + where, e);
        }
    }
}
