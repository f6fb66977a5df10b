package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.GuardViolationException;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The ownership guard for a name cloudtest is about to use: a live stack of that name is never touched, whoever owns
 * it. Read-only ({@code DescribeStacks}); shared by provisioning and the preflight check so both refuse alike.
 */
public final class TakenStackName {
    private TakenStackName() {}

    /** Empty when no live stack has this name, else the refusal naming the stack and its owner. */
    public static Optional<GuardViolationException> refusal(CloudFormationClient cfn, String name) {
        try {
            for (Stack existing : cfn.describeStacks(r -> r.stackName(name)).stacks()) {
                if (existing.stackStatus() == StackStatus.DELETE_COMPLETE) {
                    continue;
                }
                Optional<String> owner = StackTags.runId(existing.tags());
                return Optional.of(new GuardViolationException(
                        "ownership",
                        name,
                        "A stack named " + name + " already exists ("
                                + existing.stackStatusAsString() + ") and "
                                + owner.map(o -> "belongs to run '" + o + "'").orElse("carries no cloudtest tags")
                                + ". cloudtest never touches a stack it does not own. Use another cloudtest.run-id or "
                                + "cloudtest.name-prefix, or remove that stack yourself if it is garbage."));
            }
            return Optional.empty();
        } catch (CloudFormationException e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
