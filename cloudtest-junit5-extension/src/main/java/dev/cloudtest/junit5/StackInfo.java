package dev.cloudtest.junit5;

import dev.cloudtest.core.Stack;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a journey test needs to know about its stack, as an immutable value: the stack name, outputs, the physical id
 * and type of every resource, and where the stack lives (region, account, and the endpoint for emulators).
 * Injected into parameters, and into fields marked with {@link StackRef}.
 *
 * <pre>{@code
 * @Test
 * void stores_an_order(StackInfo stack) {
 *     String table = stack.physicalId("OrdersTable");
 * }
 * }</pre>
 */
public final class StackInfo {
    private final String id;
    private final String name;
    private final Map<String, String> outputs;
    private final Map<String, String> physicalIds;
    private final Map<String, String> resourceTypes;
    private final String region;
    private final Optional<URI> endpoint;
    private final String accountId;

    private StackInfo(Stack stack) {
        this.id = stack.specId();
        this.name = stack.name();
        this.outputs = Map.copyOf(stack.outputs());
        this.physicalIds = Map.copyOf(stack.physicalIds());
        this.resourceTypes = Map.copyOf(stack.resourceTypes());
        this.region = stack.session().region();
        this.endpoint = stack.session().endpoint();
        this.accountId = stack.session().accountId();
    }

    /** The information of a provisioned stack. */
    public static StackInfo of(Stack stack) {
        return new StackInfo(Objects.requireNonNull(stack, "stack"));
    }

    /** The stack's id within the run ({@link CloudStack#id()}). */
    public String id() {
        return id;
    }

    /** The CloudFormation stack name, e.g. {@code ct-orders-k3x9q2m1ab}. */
    public String name() {
        return name;
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
        return lookup(outputs, key, "output");
    }

    /** Physical ids (bucket names, queue URLs, ARNs...) by logical id. */
    public Map<String, String> physicalIds() {
        return physicalIds;
    }

    /**
     * One resource's physical id, by its logical id in the template.
     *
     * @throws IllegalArgumentException naming the stack's resources when there is no such resource
     */
    public String physicalId(String logicalId) {
        return lookup(physicalIds, logicalId, "resource");
    }

    /** Resource types by logical id, e.g. {@code OrdersTable → AWS::DynamoDB::Table}. */
    public Map<String, String> resourceTypes() {
        return resourceTypes;
    }

    /** The region the stack lives in. */
    public String region() {
        return region;
    }

    /** The endpoint of the emulator the stack lives on; empty on real AWS. */
    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** The account id the stack lives in. */
    public String accountId() {
        return accountId;
    }

    private String lookup(Map<String, String> values, String key, String what) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Stack " + name + " has no " + what + " '" + key + "'. Available: "
                    + new TreeSet<>(values.keySet()) + ".");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackInfo other
                && name.equals(other.name)
                && id.equals(other.id)
                && outputs.equals(other.outputs)
                && physicalIds.equals(other.physicalIds)
                && resourceTypes.equals(other.resourceTypes)
                && region.equals(other.region)
                && endpoint.equals(other.endpoint)
                && accountId.equals(other.accountId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, outputs, physicalIds, resourceTypes, region, endpoint, accountId);
    }

    @Override
    public String toString() {
        return "StackInfo[" + name + ", outputs=" + new TreeSet<>(outputs.keySet()) + ", region=" + region
                + endpoint.map(e -> ", endpoint=" + e).orElse("") + "]";
    }
}
