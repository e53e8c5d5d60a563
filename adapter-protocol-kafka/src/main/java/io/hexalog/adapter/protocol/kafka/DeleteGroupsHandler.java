package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.domain.group.GroupId;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups: removes empty groups and their offsets, one after the other in request order, a group named
 * twice once; version 3 explains failures in a message.
 */
final class DeleteGroupsHandler extends AbstractApiHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> {

    private final DeleteGroupsUseCase groups;

    DeleteGroupsHandler(DeleteGroupsUseCase groups) {
        super(ApiKeys.DELETE_GROUPS, 0, 3);
        this.groups = groups;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        List<String> named = List.copyOf(new LinkedHashSet<>(request.groupsNames()));
        return Futures.inOrder(named, groupId -> {
            DeletableGroupResult result = new DeletableGroupResult().setGroupId(groupId);
            response.results().add(result);
            return Futures.attempt(() -> groups.deleteGroup(GroupId.of(groupId)))
                    .handle((deleted, failure) -> failure == null ? result : result
                            .setErrorCode(ErrorMapping.toError(failure).code())
                            .setErrorMessage(ErrorMapping.message(failure)));
        }).thenApply(done -> response);
    }
}
