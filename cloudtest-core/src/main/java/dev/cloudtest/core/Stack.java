package dev.cloudtest.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A provisioned stack: its name, outputs, and the physical id and type of every resource, for the journey test.
 * Immutable, except {@link #events()}, which asks CloudFormation each time.
 */
public final class Stack {
    private final String specId;
    private final String name;
    private final String stackId;
    private final Map<String, String> outputs;
    private final Map<String, String> physicalIds;
    private final Map<String, String> resourceTypes;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final CloudSession session;

    /** Used by cloudtest's provisioner; not for users. */
    public Stack(
            String specId,
            String name,
            String stackId,
            Map<String, String> outputs,
            Map<String, String> physicalIds,
            Map<String, String> resourceTypes,
            Instant createdAt,
            Instant expiresAt,
            CloudSession session) {
        this.specId = Objects.requireNonNull(specId);
        this.name = Objects.requireNonNull(name);
        this.stackId = Objects.requireNonNull(stackId);
        this.outputs = Map.copyOf(outputs);
        this.physicalIds = Map.copyOf(physicalIds);
        this.resourceTypes = Map.copyOf(resourceTypes);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.session = Objects.requireNonNull(session);
    }

    /**
     * The same stack with these outputs, e.g. its API URLs pointing at the local API that serves its functions; used
     * by cloudtest, where what the tests should see differs from what the target reports.
     */
    public Stack withOutputs(Map<String, String> newOutputs) {
        return new Stack(specId, name, stackId, newOutputs, physicalIds, resourceTypes, createdAt, expiresAt, session);
    }

    /**
     * The same stack with more resources, e.g. those cloudtest created itself because the target does not; used by
     * cloudtest.
     */
    public Stack withResources(Map<String, String> morePhysicalIds, Map<String, String> moreTypes) {
        Map<String, String> ids = new java.util.LinkedHashMap<>(physicalIds);
        ids.putAll(morePhysicalIds);
        Map<String, String> types = new java.util.LinkedHashMap<>(resourceTypes);
        types.putAll(moreTypes);
        return new Stack(specId, name, stackId, outputs, ids, types, createdAt, expiresAt, session);
    }

    /** The {@link StackSpec#id()} this stack was provisioned from. */
    public String specId() {
        return specId;
    }

    /** The CloudFormation stack name, e.g. {@code ct-orders-k3x9q2m1ab}. */
    public String name() {
        return name;
    }

    /** The CloudFormation stack id (an ARN). */
    public String stackId() {
        return stackId;
    }

    /** Every output, by output key. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /**
     * One output's value.
     *
     * @throws IllegalArgumentException naming the available outputs when the stack has no such output
     */
    public String output(String key) {
        String value = outputs.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Stack " + name + " has no output '" + key + "'. Available outputs: "
                    + new java.util.TreeSet<>(outputs.keySet()) + ".");
        }
        return value;
    }

    /**
     * The physical id of a resource (a bucket name, a queue URL, an ARN...), by its logical id in the template.
     *
     * @throws IllegalArgumentException naming the available logical ids when there is no such resource
     */
    public String physicalId(String logicalId) {
        String value = physicalIds.get(logicalId);
        if (value == null) {
            throw new IllegalArgumentException("Stack " + name + " has no resource '" + logicalId + "'. Resources: "
                    + new java.util.TreeSet<>(physicalIds.keySet()) + ".");
        }
        return value;
    }

    /** Physical ids by logical id. */
    public Map<String, String> physicalIds() {
        return physicalIds;
    }

    /** Resource types by logical id, e.g. {@code OrdersTable → AWS::DynamoDB::Table}. */
    public Map<String, String> resourceTypes() {
        return resourceTypes;
    }

    /** When cloudtest created the stack. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When the sweeper may remove the stack ({@code cloudtest:expires-at}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The target the stack lives on, with its clients. */
    public CloudSession session() {
        return session;
    }

    /** The stack's events, newest first, as CloudFormation reports them now. */
    public List<StackEvent> events() {
        return session
                .client(CloudFormationClient.class)
                .describeStackEventsPaginator(r -> r.stackName(stackId))
                .stackEvents()
                .stream()
                .toList();
    }

    @Override
    public String toString() {
        return "Stack[" + name + ", outputs=" + outputs.keySet() + "]";
    }
}
