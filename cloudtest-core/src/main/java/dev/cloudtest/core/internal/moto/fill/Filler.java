package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource type that moto's CloudFormation does not create and cloudtest creates itself, through the service's
 * API, as CloudFormation would: {@link MotoFillers} decides when (before CreateStack when other resources read it,
 * else after), resolves the properties, and calls {@link #create}; teardown and the sweeper call {@link #removeAll},
 * which finds what was created from the stack alone (its resources, its name, or the ownership tags), with no memory
 * of the run.
 */
interface Filler {

    /** The CloudFormation type, e.g. {@code AWS::SNS::Subscription}. */
    String type();

    /** How the resource is created, for {@code check} and the log, e.g. {@code "SNS Subscribe"}. */
    String how();

    /** Whether this resource of the type is the filler's (e.g. only deployments of APIs moto cannot deploy). */
    default boolean fills(Template.Resource resource, Template template) {
        return true;
    }

    /**
     * Refuses, before anything is created, property values this filler cannot create as CloudFormation would.
     *
     * @throws dev.cloudtest.core.exception.ConfigurationException naming the resource, the value and what to do
     */
    default void check(Template.Resource resource, PreparedStack stack) {}

    /**
     * Whether the resource is created before CreateStack even when no resource references it, provided its own
     * properties reference no resource of the stack (secrets: dynamic references name them by text).
     */
    default boolean before() {
        return false;
    }

    /**
     * For a resource created after the stack that other resources reference: the expression that stands for its
     * {@code Ref} ({@code attribute} empty) or attribute in the template sent to the target, in terms of the
     * resource's own properties; empty when there is none, and the reference is then refused.
     */
    default Optional<JsonNode> standIn(Template.Resource resource, Optional<String> attribute) {
        return Optional.empty();
    }

    /**
     * Creates the resource.
     *
     * @param properties the resource's properties with every intrinsic function resolved
     * @return its physical id (what {@code Ref} gives) and the attributes {@code Fn::GetAtt} may read
     */
    Filled create(Owner owner, Template.Resource resource, JsonNode properties);

    /** Whether what {@link #create} made exists, read back from the service. */
    boolean exists(Owner owner, Filled filled);

    /** Removes every resource of this type that cloudtest created for the stack; one line per removed resource. */
    List<String> removeAll(Owner owner);

    /**
     * A resource cloudtest created.
     *
     * @param logicalId its logical id in the template
     * @param type its type
     * @param physicalId what {@code Ref} gives
     * @param attributes what {@code Fn::GetAtt} gives, by attribute name
     * @param parent the id of the resource it belongs to (a stage's REST API), empty for none
     */
    record Filled(String logicalId, String type, String physicalId, Map<String, String> attributes, String parent) {
        public Filled {
            attributes = Map.copyOf(attributes);
        }

        Filled(String logicalId, String type, String physicalId, Map<String, String> attributes) {
            this(logicalId, type, physicalId, attributes, "");
        }
    }

    /**
     * The stack that owns filled resources, as far as it is known: before CreateStack only its name and tags, after it
     * also its id and resources.
     *
     * @param session the target
     * @param stackName the stack's name, a prefix of the names cloudtest gives filled resources
     * @param tags the stack's tags (cloudtest's ownership tags included), given to filled resources that take tags
     * @param physicalIds the stack's resources by logical id (empty before CreateStack)
     * @param types the stack's resource types by logical id
     */
    record Owner(
            CloudSession session,
            String stackName,
            Map<String, String> tags,
            Map<String, String> physicalIds,
            Map<String, String> types) {
        public Owner {
            tags = Map.copyOf(tags);
            physicalIds = Map.copyOf(physicalIds);
            types = Map.copyOf(types);
        }

        /** The physical ids of the stack's resources of this type. */
        List<String> ofType(String type) {
            return physicalIds.entrySet().stream()
                    .filter(e -> type.equals(types.get(e.getKey())))
                    .map(Map.Entry::getValue)
                    .toList();
        }

        /** The name CloudFormation would give a resource that names none: stack name and logical id. */
        String generatedName(String logicalId, int maxLength) {
            String name = stackName + "-" + logicalId;
            return name.length() <= maxLength ? name : name.substring(0, maxLength);
        }
    }
}
