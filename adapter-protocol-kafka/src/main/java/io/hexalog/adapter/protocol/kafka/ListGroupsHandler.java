package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.group.GroupState;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ListGroups: every group, filtered by state from version 4 (KIP-518) and by type from version 5 (KIP-848).
 * Every group here is of the "classic" type.
 */
final class ListGroupsHandler extends AbstractApiHandler<ListGroupsRequestData, ListGroupsResponseData> {

    private static final String CLASSIC_TYPE = "classic";

    private final DescribeGroupsQuery groups;

    ListGroupsHandler(DescribeGroupsQuery groups) {
        super(ApiKeys.LIST_GROUPS, 0, 5);
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        Set<String> types = request.typesFilter().stream().map(type -> type.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (!types.isEmpty() && !types.contains(CLASSIC_TYPE)) {
            return CompletableFuture.completedFuture(new ListGroupsResponseData());
        }
        Set<Optional<GroupState>> states = request.statesFilter().stream().map(GroupStateNames::fromWire)
                .collect(Collectors.toSet());
        return groups.listGroups().thenApply(listed -> list(listed, states));
    }

    private static ListGroupsResponseData list(List<GroupListing> listed, Set<Optional<GroupState>> states) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        for (GroupListing group : listed) {
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
