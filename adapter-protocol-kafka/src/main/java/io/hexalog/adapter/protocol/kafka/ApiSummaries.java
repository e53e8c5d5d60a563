package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.EnumMap;
import java.util.Map;

/**
 * The summary of each API for the protocol trace: the APIs clients use most have their own, which know their
 * key fields; every other API gets the {@link GenericSummary}.
 */
final class ApiSummaries {

    private final Map<ApiKeys, ApiSummary<?, ?>> summaries = new EnumMap<>(ApiKeys.class);
    private final GenericSummary generic = new GenericSummary();

    ApiSummaries() {
        summaries.put(ApiKeys.PRODUCE, new ProduceSummary());
        summaries.put(ApiKeys.FETCH, new FetchSummary());
        summaries.put(ApiKeys.LIST_OFFSETS, new ListOffsetsSummary());
        summaries.put(ApiKeys.METADATA, new MetadataSummary());
        summaries.put(ApiKeys.OFFSET_COMMIT, new OffsetCommitSummary());
        summaries.put(ApiKeys.OFFSET_FETCH, new OffsetFetchSummary());
        summaries.put(ApiKeys.FIND_COORDINATOR, new FindCoordinatorSummary());
        summaries.put(ApiKeys.JOIN_GROUP, new JoinGroupSummary());
        summaries.put(ApiKeys.SYNC_GROUP, new SyncGroupSummary());
        summaries.put(ApiKeys.HEARTBEAT, new HeartbeatSummary());
        summaries.put(ApiKeys.LEAVE_GROUP, new LeaveGroupSummary());
        summaries.put(ApiKeys.API_VERSIONS, new ApiVersionsSummary());
        summaries.put(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdSummary());
        summaries.put(ApiKeys.CREATE_TOPICS, new CreateTopicsSummary());
        summaries.put(ApiKeys.DELETE_TOPICS, new DeleteTopicsSummary());
    }

    void request(ApiKeys api, short version, ApiMessage request, TraceText text) {
        summaryOf(api).request(request, version, text);
    }

    void response(ApiKeys api, short version, ApiMessage response, TraceText text) {
        summaryOf(api).response(response, version, text);
    }

    /** Widening to ApiMessage is safe: each summary is registered under the API whose messages it reads. */
    @SuppressWarnings("unchecked")
    private ApiSummary<ApiMessage, ApiMessage> summaryOf(ApiKeys api) {
        ApiSummary<?, ?> summary = summaries.get(api);
        return summary != null ? (ApiSummary<ApiMessage, ApiMessage>) summary : generic;
    }
}
