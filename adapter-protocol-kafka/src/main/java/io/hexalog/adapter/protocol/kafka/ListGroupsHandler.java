package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.group.GroupState;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * ListGroups: every group, filtered by state from version 4 (KIP-518) and by type from version 5 (KIP-848).
 * Every group here is of the "classic" type.
 */
final class ListGroupsHandler extends AbstractApiHandler<ListGroupsRequestData, ListGroupsResponseData> {

    private static final String CLASSIC_TYPE = "classic";

    private final DescribeGroupsQuery groups;
    private final Executor adminExecutor;

    ListGroupsHandler(DescribeGroupsQuery groups, Executor adminExecutor) {
        super(ApiKeys.LIST_GROUPS, 0, 5);
        this.groups = groups;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        return CompletableFuture.supplyAsync(() -> list(request), adminExecutor);
    }

    private ListGroupsResponseData list(ListGroupsRequestData request) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        Set<String> types = request.typesFilter().stream().map(type -> type.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (!types.isEmpty() && !types.contains(CLASSIC_TYPE)) {
            return response;
        }
        Set<Optional<GroupState>> states = request.statesFilter().stream().map(GroupStateNames::fromWire)
                .collect(Collectors.toSet());
        for (GroupListing group : groups.listGroups()) {
            if (states.isEmpty() || states.contains(Optional.of(group.state()))) {
                response.groups().add(new ListedGroup()
                        .setGroupId(group.groupId().value())
                        .setProtocolType(group.protocolType().orElse(""))
                        .setGroupState(GroupStateNames.toWire(group.state()))
                        .setGroupType(CLASSIC_TYPE));
            }
        }
        return response;
    }
}
