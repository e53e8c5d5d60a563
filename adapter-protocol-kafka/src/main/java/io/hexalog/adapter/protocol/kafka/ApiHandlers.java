package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The APIs this broker serves, one handler per API key. ApiVersions advertises exactly what is registered
 * here, so the broker never claims an API it cannot serve.
 */
final class ApiHandlers {

    private final Map<ApiKeys, ApiHandler<?, ?>> handlers = new EnumMap<>(ApiKeys.class);

    ApiHandlers(Collection<ApiHandler<?, ?>> served) {
        for (ApiHandler<?, ?> handler : served) {
            if (handler.minVersion() < handler.apiKey().oldestVersion()
                    || handler.maxVersion() > handler.apiKey().latestVersion(true)) {
                throw new IllegalArgumentException(handler.apiKey() + " handler claims versions "
                        + handler.minVersion() + "-" + handler.maxVersion() + " that Kafka's message classes cannot parse");
            }
            if (handlers.put(handler.apiKey(), handler) != null) {
                throw new IllegalArgumentException("Two handlers for " + handler.apiKey());
            }
        }
    }

    /** The handler for this API if it serves this version. */
    Optional<ApiHandler<?, ?>> find(ApiKeys apiKey, short version) {
        ApiHandler<?, ?> handler = handlers.get(apiKey);
        if (handler == null || version < handler.minVersion() || version > handler.maxVersion()) {
            return Optional.empty();
        }
        return Optional.of(handler);
    }

    Optional<ApiHandler<?, ?>> find(ApiKeys apiKey) {
        return Optional.ofNullable(handlers.get(apiKey));
    }

    /** The ApiKeys entries of an ApiVersions response: what every registered handler serves. */
    ApiVersionCollection advertisedVersions() {
        return advertise(handlers.values());
    }

    static ApiVersionCollection advertise(Collection<? extends ApiHandler<?, ?>> served) {
        ApiVersionCollection versions = new ApiVersionCollection();
        served.forEach(handler -> versions.add(new ApiVersion()
                .setApiKey(handler.apiKey().id)
                .setMinVersion(handler.advertisedMinVersion())
                .setMaxVersion(handler.maxVersion())));
        return versions;
    }
}
