package dev.cloudtest.core.internal.naming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The ownership tags cloudtest puts on everything it creates, and reading them back. */
public final class StackTags {
    public static final String PREFIX = "cloudtest:";
    public static final String RUN_ID = "cloudtest:run-id";
    public static final String OWNER = "cloudtest:owner";
    public static final String CREATED_AT = "cloudtest:created-at";
    public static final String EXPIRES_AT = "cloudtest:expires-at";
    public static final String SPEC_ID = "cloudtest:stack-id";
    public static final String SPEC_HASH = "cloudtest:spec-hash";
    public static final String REUSE = "cloudtest:reuse";
    /** The JVM (session) of the run that created a stack; reuse stacks, shared across JVMs, carry none. */
    public static final String SESSION = "cloudtest:session";
    /**
     * The stack a resource that cloudtest created outside the stack belongs to (a secret or an alarm it fills on
     * moto): how teardown and the sweeper find it.
     */
    public static final String STACK_NAME = "cloudtest:stack-name";

    private StackTags() {}

    /** The ownership tags for a stack created now. */
    public static Map<String, String> ownership(
            String runId, String owner, String specId, Instant createdAt, Instant expiresAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RUN_ID, runId);
        tags.put(OWNER, owner);
        tags.put(SPEC_ID, specId);
        tags.put(CREATED_AT, createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        tags.put(EXPIRES_AT, expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return tags;
    }

    /** CloudFormation tags as a map. */
    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag tag : tags) {
            map.put(tag.key(), tag.value());
        }
        return map;
    }

    /** The run that owns a stack, when it carries cloudtest's tags. */
    public static Optional<String> runId(List<Tag> tags) {
        return Optional.ofNullable(toMap(tags).get(RUN_ID));
    }

    /** The session that created a stack, when it carries one. */
    public static Optional<String> session(List<Tag> tags) {
        return Optional.ofNullable(toMap(tags).get(SESSION));
    }

    /** When a tagged stack expires; empty when untagged or unreadable. */
    public static Optional<Instant> expiresAt(List<Tag> tags) {
        String value = toMap(tags).get(EXPIRES_AT);
        try {
            return Optional.ofNullable(value).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
