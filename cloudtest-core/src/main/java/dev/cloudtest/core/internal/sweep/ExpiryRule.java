package dev.cloudtest.core.internal.sweep;

import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.stack.StackTeardown;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The sweeper's ownership rule, for stacks and probe resources alike: a resource may be swept only when it carries
 * cloudtest's tags ({@code cloudtest:run-id} and a readable {@code cloudtest:expires-at}), its expiry has passed, and
 * it matches the owner and name-prefix filters. Anything unreadable fails closed. Evaluated when listing and again
 * right before every delete.
 *
 * @param now the moment expiry is judged against
 * @param owner only resources with this {@code cloudtest:owner}, when present
 * @param namePrefix only resources whose name starts with this, when present
 */
public record ExpiryRule(Instant now, Optional<String> owner, Optional<String> namePrefix) {

    /** Empty when the resource may be swept, else why not (for logs and refusals). */
    public Optional<String> refusal(String name, Map<String, String> tags) {
        String runId = tags.get(StackTags.RUN_ID);
        if (runId == null || runId.isBlank()) {
            return Optional.of("it carries no " + StackTags.RUN_ID + " tag: cloudtest did not create it");
        }
        String expires = tags.get(StackTags.EXPIRES_AT);
        if (expires == null) {
            return Optional.of("it carries no " + StackTags.EXPIRES_AT + " tag");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(expires);
        } catch (DateTimeParseException e) {
            return Optional.of("its " + StackTags.EXPIRES_AT + " tag '" + expires + "' is not an ISO-8601 instant");
        }
        if (!expiresAt.isBefore(now)) {
            return Optional.of("it expires at " + expiresAt + ", which has not passed (now " + now + ")");
        }
        if (owner.isPresent() && !owner.get().equals(tags.get(StackTags.OWNER))) {
            return Optional.of("its owner '" + tags.getOrDefault(StackTags.OWNER, "(none)") + "' is not '" + owner.get()
                    + "' (cloudtest.sweep.owner)");
        }
        if (namePrefix.isPresent() && !name.startsWith(namePrefix.get())) {
            return Optional.of("its name does not start with '" + namePrefix.get() + "' (cloudtest.sweep.name-prefix)");
        }
        return Optional.empty();
    }

    /** The rule as a refusal for {@link StackTeardown}, which re-checks it right before every delete. */
    public StackTeardown.Ownership stackOwnership() {
        return stack -> refusal(stack.stackName(), StackTags.toMap(stack.tags()))
                .map(reason -> refused(stack.stackName(), reason));
    }

    /** A refusal to sweep a resource. */
    public static GuardViolationException refused(String name, String reason) {
        return new GuardViolationException(
                "ownership",
                name,
                "The sweeper will not delete " + name + ": " + reason + ". It deletes only resources carrying "
                        + "cloudtest tags whose cloudtest:expires-at has passed.");
    }
}
