package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.template.Conditions;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * The resource types moto's CloudFormation does not create ({@link Filler}s), created by cloudtest through the
 * services' APIs, so that a template provisions on moto unchanged. For each such resource:
 *
 * <ul>
 *   <li>it is taken out of the template sent to moto, and so are the {@code DependsOn} entries naming it;
 *   <li>when other resources read it ({@code Ref}, {@code Fn::GetAtt}, {@code ${Id}} in a {@code Fn::Sub}), it is
 *       created <b>before</b> CreateStack and the references are replaced by its values — which needs its own
 *       properties to read nothing of the stack; failing that, it is created after and the references are replaced by
 *       an expression that stands for it (a stage's name), and failing that too it is refused before anything is
 *       created;
 *   <li>otherwise it is created <b>after</b> the stack is complete, with the stack's values resolved, and outputs that
 *       read it are resolved then;
 *   <li>it is read back (verified), added to the stack's resources as the tests see them, and removed at teardown and
 *       by the sweeper, found from the stack alone.
 * </ul>
 *
 * Dynamic references to Secrets Manager and SSM ({@code {{resolve:secretsmanager:…}}}, {@code {{resolve:ssm:…}}}),
 * which moto does not resolve, are resolved in the template sent to moto; their values are never logged.
 */
public final class MotoFillers implements StackHook {
    private static final Logger LOG = Loggers.get(MotoFillers.class);

    /** Creates this hook on moto targets. */
    public static final StackHookProvider PROVIDER = context ->
            context.moto() ? Optional.of(new MotoFillers(context.session(), defaultFillers())) : Optional.empty();

    private final CloudSession session;
    private final Map<String, Filler> byType;
    /** What was created before CreateStack, by stack name, until the stack is created or its creation failed. */
    private final Map<String, List<Filler.Filled>> createdBefore = new ConcurrentHashMap<>();

    MotoFillers(CloudSession session, List<Filler> fillers) {
        this.session = session;
        Map<String, Filler> types = new LinkedHashMap<>();
        fillers.forEach(f -> types.put(f.type(), f));
        this.byType = Map.copyOf(types);
    }

    /** The built-in fillers, one per type. */
    static List<Filler> defaultFillers() {
        return List.of(
                new SnsSubscriptions(),
                new ApiDeployments(),
                new ApiStages(),
                new Secrets(),
                new MetricAlarms(),
                new LambdaAliases(),
                new LambdaUrls(),
                new LambdaEventInvokeConfigs(),
                new Schedules());
    }

    /** The types this hook fills. */
    public java.util.Set<String> types() {
        return byType.keySet();
    }

    @Override
    public List<String> describe(PreparedStack stack) {
        FillPlan.Plan plan = FillPlan.of(stack.template(), byType);
        List<String> lines = new ArrayList<>();
        plan.before()
                .forEach(r -> lines.add(r.logicalId() + " (" + r.type() + ") is not created by moto; cloudtest "
                        + "creates it through " + byType.get(r.type()).how() + " before the stack, since "
                        + (plan.readers().getOrDefault(r.logicalId(), List.of()).isEmpty()
                                ? "dynamic references may name it"
                                : String.join(", ", plan.readers().get(r.logicalId())) + " read it")));
        plan.after()
                .forEach(r -> lines.add(r.logicalId() + " (" + r.type() + ") is not created by moto; cloudtest "
                        + "creates it through " + byType.get(r.type()).how() + " after the stack"));
        return lines;
    }

    @Override
    public void check(PreparedStack stack) {
        FillPlan.Plan plan = FillPlan.of(stack.template(), byType);
        plan.before().forEach(r -> byType.get(r.type()).check(r, stack));
        plan.after().forEach(r -> byType.get(r.type()).check(r, stack));
    }

    @Override
    public Optional<String> acceptMissing(Template.Resource resource, PreparedStack stack) {
        Filler filler = byType.get(resource.type());
        return filler == null || !filler.fills(resource, stack.template())
                ? Optional.empty()
                : Optional.of("created by cloudtest through " + filler.how() + " (moto's CloudFormation does not)");
    }

    @Override
    public Template beforeCreate(PreparedStack stack, Template template) {
        FillPlan.Plan plan = FillPlan.of(stack.template(), byType); // as expanded: earlier hooks may have changed it
        ObjectNode json = template.json();
        ObjectNode resources = (ObjectNode) json.path("Resources");
        List<Filler.Filled> before = createBefore(stack, plan);
        Map<String, Filler.Filled> beforeById =
                before.stream().collect(Collectors.toMap(Filler.Filled::logicalId, f -> f));
        for (Template.Resource filled : plan.all()) {
            resources.remove(filled.logicalId());
        }
        for (Map.Entry<String, JsonNode> entry : iterable(resources)) {
            ObjectNode resource = (ObjectNode) entry.getValue();
            References.removeDependsOn(resource, plan.ids());
            if (!resource.has("Properties")) {
                continue;
            }
            for (Template.Resource filled : plan.all()) {
                Filler.Filled made = beforeById.get(filled.logicalId());
                Function<Optional<String>, Optional<JsonNode>> value = made != null
                        ? attribute -> References.literal(made, attribute)
                        : attribute -> byType.get(filled.type()).standIn(filled, attribute);
                resource.set(
                        "Properties",
                        References.substitute(resource.path("Properties"), filled.logicalId(), value, entry.getKey()));
            }
        }
        JsonNode outputs = json.path("Outputs");
        if (outputs.isObject()) {
            for (String name : List.copyOf(plan.lateOutputs())) {
                ((ObjectNode) outputs).remove(name);
            }
            for (Map.Entry<String, JsonNode> output : iterable((ObjectNode) outputs)) {
                for (Filler.Filled made : before) {
                    ((ObjectNode) output.getValue())
                            .set(
                                    "Value",
                                    References.substitute(
                                            output.getValue().path("Value"),
                                            made.logicalId(),
                                            attribute -> References.literal(made, attribute),
                                            output.getKey()));
                }
            }
            if (outputs.isEmpty()) {
                json.remove("Outputs");
            }
        }
        DynamicReferences.resolveIn(resources, session);
        return template.withJson(json);
    }

    @Override
    public void createRejected(PreparedStack stack) {
        List<Filler.Filled> made = createdBefore.remove(stack.name());
        if (made != null && !made.isEmpty()) {
            removeAll(owner(stack.name(), stack.tags(), Map.of(), Map.of()))
                    .forEach(failure -> LOG.warn("cloudtest: {}: could not remove {}", stack.name(), failure));
        }
    }

    @Override
    public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
        FillPlan.Plan plan = FillPlan.of(prepared.template(), byType);
        if (plan.all().isEmpty()) {
            return stack;
        }
        Filler.Owner owner = owner(stack.name(), prepared.tags(), stack.physicalIds(), stack.resourceTypes());
        List<Filler.Filled> made = new ArrayList<>(
                Optional.ofNullable(createdBefore.remove(stack.name())).orElse(List.of()));
        if (how == Provisioning.REUSED) {
            made.addAll(createBefore(prepared, plan)); // idempotent: takes over what an earlier run made
            createdBefore.remove(stack.name());
        }
        // an update or a reused stack: every create below is idempotent, and applies the template as it is now
        IntrinsicResolver base = IntrinsicResolver.forStack(stack, prepared.parametersWithDefaults());
        Conditions conditions = Conditions.of(prepared.template(), base);
        for (Template.Resource resource : plan.after()) {
            if (resource.conditional()
                    && !conditions
                            .shouldExist(prepared.template(), resource.logicalId())
                            .orElse(false)) {
                LOG.info(
                        "cloudtest: {}: {} is not created: its condition is false", stack.name(), resource.logicalId());
                continue;
            }
            IntrinsicResolver resolver = withFilled(base, made);
            made.add(create(owner, resource, resolver, prepared));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        made.forEach(f -> {
            ids.put(f.logicalId(), f.physicalId());
            types.put(f.logicalId(), f.type());
        });
        Stack filled = stack.withResources(ids, types);
        if (plan.lateOutputs().isEmpty()) {
            return filled;
        }
        IntrinsicResolver resolver = withFilled(base, made);
        Map<String, String> outputs = new LinkedHashMap<>(stack.outputs());
        JsonNode declared = prepared.template().json().path("Outputs");
        for (String name : plan.lateOutputs()) {
            JsonNode value = resolver.resolve(declared.path(name).path("Value"));
            if (value.isTextual()) {
                outputs.put(name, value.asText());
            } else {
                LOG.warn(
                        "cloudtest: {}: output {} reads a resource cloudtest created, and cannot be resolved: {}",
                        stack.name(),
                        name,
                        declared.path(name).path("Value"));
            }
        }
        return filled.withOutputs(outputs);
    }

    @Override
    public void beforeDelete(String stackId) {
        CloudFormationClient cfn = session.client(CloudFormationClient.class);
        software.amazon.awssdk.services.cloudformation.model.Stack described;
        try {
            described = cfn.describeStacks(r -> r.stackName(stackId)).stacks().get(0);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new IllegalStateException(
                    "cannot read the stack to find what cloudtest created beside it ("
                            + dev.cloudtest.core.internal.hook.StackHooks.callAndError(e) + ")",
                    e);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        try {
            for (StackResourceSummary summary :
                    cfn.listStackResourcesPaginator(r -> r.stackName(stackId)).stackResourceSummaries()) {
                if (summary.physicalResourceId() != null) {
                    ids.put(summary.logicalResourceId(), summary.physicalResourceId());
                    types.put(summary.logicalResourceId(), summary.resourceType());
                }
            }
        } catch (RuntimeException e) {
            // a stack whose creation moto rejected midway lists nothing; what is tagged is still found
            LOG.debug(
                    "cloudtest: cannot list the resources of stack {}: {}",
                    stackId,
                    e.getClass().getSimpleName()); // its message may quote template values
        }
        List<String> failures = removeAll(owner(described.stackName(), StackTags.toMap(described.tags()), ids, types));
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not remove " + String.join("; ", failures));
        }
    }

    /** Removes what every filler created for the stack; returns, per filler that failed, its type and the error. */
    private List<String> removeAll(Filler.Owner owner) {
        List<String> failures = new ArrayList<>();
        for (Filler filler : byType.values()) {
            try {
                filler.removeAll(owner).forEach(line -> LOG.info("cloudtest: {}: removed {}", owner.stackName(), line));
            } catch (RuntimeException e) {
                failures.add("the " + filler.type() + " cloudtest created ("
                        + dev.cloudtest.core.internal.hook.StackHooks.callAndError(e) + ")");
            }
        }
        return failures;
    }

    private List<Filler.Filled> createBefore(PreparedStack stack, FillPlan.Plan plan) {
        if (plan.before().isEmpty()) {
            return List.of();
        }
        Filler.Owner owner = owner(stack.name(), stack.tags(), Map.of(), Map.of());
        IntrinsicResolver base = new IntrinsicResolver(
                stack.parametersWithDefaults(),
                Map.of(),
                Map.of(),
                session.region(),
                session.accountId(),
                stack.name(),
                "");
        List<Filler.Filled> made = new ArrayList<>();
        createdBefore.put(stack.name(), made);
        for (Template.Resource resource : plan.before()) {
            made.add(create(owner, resource, withFilled(base, made), stack));
        }
        return List.copyOf(made);
    }

    private Filler.Filled create(
            Filler.Owner owner, Template.Resource resource, IntrinsicResolver resolver, PreparedStack stack) {
        Filler filler = byType.get(resource.type());
        JsonNode properties = resolver.resolve(resource.properties());
        if (!IntrinsicResolver.isResolved(properties)) {
            throw new ConfigurationException("cloudtest creates " + resource.logicalId() + " (" + resource.type()
                    + ") itself on moto, and cannot resolve these of its properties (as written): "
                    + unresolvedAsWritten(resource.properties(), properties)
                    + ". Use Ref, Fn::GetAtt of ARNs and names, Fn::Sub or Fn::Join in its properties, or run the "
                    + "stack on AWS.");
        }
        long started = System.nanoTime();
        Filler.Filled filled = filler.create(owner, resource, properties);
        if (!filler.exists(owner, filled)) {
            throw new IllegalStateException(resource.logicalId() + " (" + resource.type() + ") was created through "
                    + filler.how() + " but cannot be read back");
        }
        LOG.info(
                "cloudtest: {}: created {} ({}) through {} (moto's CloudFormation does not create it) in {} ms",
                stack.name(),
                resource.logicalId(),
                resource.type(),
                filler.how(),
                (System.nanoTime() - started) / 1_000_000);
        return filled;
    }

    /** The unresolved properties as the template writes them: never resolved parts, which may be NoEcho values. */
    private static String unresolvedAsWritten(JsonNode written, JsonNode resolved) {
        List<String> parts = new ArrayList<>();
        resolved.fieldNames().forEachRemaining(name -> {
            if (!IntrinsicResolver.isResolved(resolved.get(name))) {
                parts.add(name + " = " + written.get(name));
            }
        });
        return String.join(", ", parts);
    }

    private static IntrinsicResolver withFilled(IntrinsicResolver base, List<Filler.Filled> made) {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Filler.Filled f : made) {
            ids.put(f.logicalId(), f.physicalId());
            types.put(f.logicalId(), f.type());
            f.attributes().forEach((name, value) -> attributes.put(f.logicalId() + "." + name, value));
        }
        return base.with(ids, types, attributes);
    }

    private Filler.Owner owner(
            String stackName, Map<String, String> tags, Map<String, String> ids, Map<String, String> types) {
        return new Filler.Owner(session, stackName, tags, ids, types);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
