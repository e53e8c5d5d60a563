package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A handler for one API over a fixed range of versions, given once to the constructor: the range is a fact
 * about the handler rather than behaviour, and ApiVersions advertises exactly it (only Produce advertises
 * more, see {@link ApiHandler#advertisedMinVersion()}).
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
abstract class AbstractApiHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {

    private final ApiKeys apiKey;
    private final short minVersion;
    private final short maxVersion;

    /**
     * @param minVersion the oldest version served
     * @param maxVersion the newest version served
     */
    AbstractApiHandler(ApiKeys apiKey, int minVersion, int maxVersion) {
        if (minVersion < 0 || minVersion > maxVersion || maxVersion > Short.MAX_VALUE) {
            throw new IllegalArgumentException(apiKey + " versions " + minVersion + "-" + maxVersion
                    + " do not form a version range");
        }
        this.apiKey = apiKey;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    @Override
    public final ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public final short minVersion() {
        return minVersion;
    }

    @Override
    public final short maxVersion() {
        return maxVersion;
    }
}
