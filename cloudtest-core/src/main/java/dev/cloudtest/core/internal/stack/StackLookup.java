package dev.cloudtest.core.internal.stack;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** The one place that asks CloudFormation whether a stack exists ({@code DescribeStacks}, read-only). */
public final class StackLookup {
    private StackLookup() {}

    /**
     * The stack as CloudFormation describes it, in any status ({@code DELETE_COMPLETE} included, when asked by id), or
     * empty when CloudFormation does not know it.
     *
     * @param stackRef a stack id or name
     */
    public static Optional<Stack> find(CloudFormationClient cfn, String stackRef) {
        try {
            List<Stack> stacks = cfn.describeStacks(r -> r.stackName(stackRef)).stacks();
            return stacks.isEmpty() ? Optional.empty() : Optional.of(stacks.get(0));
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The stack when it exists and is not deleted. */
    public static Optional<Stack> live(CloudFormationClient cfn, String stackRef) {
        return find(cfn, stackRef).filter(stack -> !isGone(stack));
    }

    /** Whether the described stack is deleted. */
    public static boolean isGone(Stack stack) {
        return stack.stackStatus() == StackStatus.DELETE_COMPLETE;
    }
}
