package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.GroupListing;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ListGroups: every group, filtered by state from version 4 (KIP-518) and by type from version 5 (KIP-848):
 * "classic" groups (JoinGroup / SyncGroup) and "consumer" groups (ConsumerGroupHeartbeat).
 */
final class ListGroupsHandler extends AbstractApiHandler<ListGroupsRequestData, ListGroupsResponseData> {

    private static final String CLASSIC_TYPE = "classic";
    private static final String CONSUMER_TYPE = "consumer";

    private final DescribeGroupsQuery groups;
    private final ConsumerGroupsQuery consumerGroups;

    ListGroupsHandler(DescribeGroupsQuery groups, ConsumerGroupsQuery consumerGroups) {
        super(ApiKeys.LIST_GROUPS, 0, 5);
        this.groups = groups;
        this.consumerGroups = consumerGroups;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        Set<String> types = lowerCase(request.typesFilter());
        Set<String> states = lowerCase(request.statesFilter());
        List<ListedGroup> listed = new ArrayList<>();
        if (types.isEmpty() || types.contains(CONSUMER_TYPE)) {
            consumerGroups.listConsumerGroups().forEach(group -> listed.add(new ListedGroup()
                    .setGroupId(group.groupId().value())
                    .setProtocolType(CONSUMER_TYPE)
                    .setGroupState(ConsumerGroupStateNames.toWire(group.state()))
                    .setGroupType(CONSUMER_TYPE)));
        }
        CompletableFuture<List<GroupListing>> classic = types.isEmpty() || types.contains(CLASSIC_TYPE)
                ? groups.listGroups() : CompletableFuture.completedFuture(List.of());
        return classic.thenApply(classicGroups -> {
            classicGroups.forEach(group -> listed.add(new ListedGroup()
                    .setGroupId(group.groupId().value())
                    .setProtocolType(group.protocolType().orElse(""))
                    .setGroupState(GroupStateNames.toWire(group.state()))
                    .setGroupType(CLASSIC_TYPE)));
            ListGroupsResponseData response = new ListGroupsResponseData();
            listed.stream()
                    .filter(group -> states.isEmpty() || states.contains(group.groupState().toLowerCase(Locale.ROOT)))
                    .sorted(Comparator.comparing(ListedGroup::groupId))
                    .forEach(group -> response.groups().add(group));
            return response;
        });
    }

    private static Set<String> lowerCase(List<String> names) {
        return names.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
