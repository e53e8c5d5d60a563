package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** DeleteGroups: removes empty groups and their offsets; version 3 explains failures in a message. */
final class DeleteGroupsHandler extends AbstractApiHandler<DeleteGroupsRequestData, DeleteGroupsResponseData> {

    private final DeleteGroupsUseCase groups;
    private final Executor adminExecutor;

    DeleteGroupsHandler(DeleteGroupsUseCase groups, Executor adminExecutor) {
        super(ApiKeys.DELETE_GROUPS, 0, 3);
        this.groups = groups;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        return CompletableFuture.supplyAsync(() -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (String groupId : request.groupsNames()) {
                if (response.results().find(groupId) != null) {
                    continue;
                }
                DeletableGroupResult result = new DeletableGroupResult().setGroupId(groupId);
                try {
                    groups.deleteGroup(GroupId.of(groupId));
                } catch (HexalogException e) {
                    result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage());
                }
                response.results().add(result);
            }
            return response;
        }, adminExecutor);
    }
}
