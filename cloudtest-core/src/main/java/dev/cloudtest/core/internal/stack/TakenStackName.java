package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.naming.StackTags;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The ownership guard for a name cloudtest is about to use: a live stack of that name is never touched, whoever owns
 * it. Read-only ({@code DescribeStacks}); shared by provisioning and the preflight check so both refuse alike.
 */
public final class TakenStackName {
    private TakenStackName() {}

    /** Empty when no live stack has this name, else the refusal naming the stack and its owner. */
    public static Optional<GuardViolationException> refusal(CloudFormationClient cfn, String name) {
        return StackLookup.live(cfn, name).map(existing -> {
            Optional<String> owner = StackTags.runId(existing.tags());
            return new GuardViolationException(
                    "ownership",
                    name,
                    "A stack named " + name + " already exists ("
                            + existing.stackStatusAsString() + ") and "
                            + owner.map(o -> "belongs to run '" + o + "'").orElse("carries no cloudtest tags")
                            + ". cloudtest never touches a stack it does not own. Use another cloudtest.run-id or "
                            + "cloudtest.name-prefix, or remove that stack yourself if it is garbage.");
        });
    }
}
