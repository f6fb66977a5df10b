package dev.cloudtest.core.internal.lambda;

import dev.cloudtest.core.CloudSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The log groups {@link InvocationLog} creates on an emulator ({@code /aws/lambda/<function name>}, as Lambda would)
 * belong to no stack, so DeleteStack leaves them. They are found from the stack alone, by its functions' names, so
 * that the sweeper removes them for a run that is gone; a group the stack declares itself is CloudFormation's to
 * delete and is left alone. A stack the emulator cannot list (one whose creation it rejected midway) is searched by
 * its name instead.
 */
final class FunctionLogGroups {
    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String LOG_GROUP = "AWS::Logs::LogGroup";

    private FunctionLogGroups() {}

    /**
     * Deletes the stack's functions' log groups that the stack does not declare.
     *
     * @return one line per removed group
     * @throws software.amazon.awssdk.core.exception.SdkException when the stack cannot be listed or a group deleted
     */
    static List<String> removeAll(CloudSession session, String stackId) {
        List<StackResourceSummary> resources;
        try {
            resources = session
                    .client(CloudFormationClient.class)
                    .listStackResourcesPaginator(r -> r.stackName(stackId))
                    .stackResourceSummaries()
                    .stream()
                    .filter(s -> s.physicalResourceId() != null)
                    .toList();
        } catch (SdkServiceException e) {
            // moto cannot list a stack whose creation it rejected midway (HTTP 400 or 500): find the groups by the
            // stack's name instead, which every function name cloudtest's stacks derive starts with
            return removeByStackName(session, stackId);
        }
        Set<String> declared = resources.stream()
                .filter(s -> s.resourceType().equals(LOG_GROUP))
                .map(StackResourceSummary::physicalResourceId)
                .collect(Collectors.toSet());
        CloudWatchLogsClient logs = session.client(CloudWatchLogsClient.class);
        List<String> removed = new ArrayList<>();
        for (StackResourceSummary function : resources) {
            String group = "/aws/lambda/" + function.physicalResourceId();
            if (!function.resourceType().equals(FUNCTION) || declared.contains(group)) {
                continue;
            }
            try {
                logs.deleteLogGroup(r -> r.logGroupName(group));
                removed.add("log group " + group);
            } catch (ResourceNotFoundException e) {
                // the function wrote nothing
            }
        }
        return removed;
    }

    private static List<String> removeByStackName(CloudSession session, String stackId) {
        String stackName = dev.cloudtest.core.internal.naming.StackNames.fromStackId(stackId);
        CloudWatchLogsClient logs = session.client(CloudWatchLogsClient.class);
        List<String> removed = new ArrayList<>();
        logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/aws/lambda/" + stackName + "-"))
                .logGroups()
                .forEach(group -> {
                    try {
                        logs.deleteLogGroup(r -> r.logGroupName(group.logGroupName()));
                        removed.add("log group " + group.logGroupName());
                    } catch (ResourceNotFoundException e) {
                        // gone meanwhile
                    }
                });
        return removed;
    }
}
