package dev.cloudtest.core.internal.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.internal.local.StackFunctions;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import dev.cloudtest.core.internal.template.Template;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;

/**
 * Makes a template behave on moto as it does on AWS, where moto's CloudFormation falls short — and says so in the
 * log each time. Nothing here runs on the {@code aws} target or on emulators that are not moto.
 *
 * <ul>
 *   <li>Permission-only types moto does not create ({@code AWS::SQS::QueuePolicy}, {@code AWS::SNS::TopicPolicy},
 *       {@code AWS::S3::BucketPolicy}) are accepted as missing: moto enforces no resource policies, so their absence
 *       changes nothing a test can observe. Every other missing type still fails provisioning.
 *   <li>A bucket's {@code NotificationConfiguration} (queue and topic targets), which moto's CloudFormation ignores,
 *       is applied through the S3 API with the template's values resolved.
 *   <li>HTTP APIs ({@code AWS::ApiGatewayV2::*}), which moto's CloudFormation cannot create, are served by
 *       cloudtest itself when their Lambda proxy routes lead to Java functions that run locally: their resources are
 *       accepted as missing, and the outputs that name them (which moto cannot evaluate) are left out of what is sent
 *       and resolved against the local API instead. Any other HTTP API still fails provisioning, saying why; another
 *       resource reading an HTTP API's attribute is refused before anything is created.
 *   <li>Step Functions state machines execute only in moto's executing backend, which CloudFormation does not write
 *       to: on an emulator cloudtest started itself (never on a shared endpoint, where the switch would affect
 *       everyone), each state machine is mirrored there under the same ARN and removed again at teardown.
 * </ul>
 */
public final class EmulatorCompatibility {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorCompatibility.class);

    /** Types that only grant permissions; moto creates none of them and enforces no policies. */
    public static final Set<String> PERMISSION_ONLY_TYPES =
            Set.of("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy");

    private final CloudSession session;
    private final boolean moto;
    private final boolean privateEmulator;
    private final HttpClient http;
    /** State machines mirrored into moto's executing backend, by stack id. */
    private final Map<String, List<String>> mirrors = new ConcurrentHashMap<>();

    private final Object stepFunctionsLock = new Object();
    private final java.util.function.Predicate<String> localFunctions;

    /**
     * @param localFunctions which of the templates' Java functions the run starts locally on this target, by logical id
     *     ({@code cloudtest.local-functions}); their HTTP APIs are served locally
     */
    public EmulatorCompatibility(CloudSession session, java.util.function.Predicate<String> localFunctions) {
        this.session = session;
        this.localFunctions = localFunctions;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.moto = session.endpoint().map(this::answersAsMoto).orElse(false);
        this.privateEmulator = moto && session.kind() == TargetKind.EMULATOR;
    }

    /** Whether the target is moto. */
    public boolean isMoto() {
        return moto;
    }

    /** Of the declared resources that the target did not create, those that may be accepted (logged, not failed). */
    public List<Template.Resource> acceptedMissing(List<Template.Resource> missing, Template template) {
        if (!moto || missing.isEmpty()) {
            return List.of();
        }
        Set<String> served = StackFunctions.servedHttpApiResources(template, localFunctions);
        return missing.stream()
                .filter(r -> PERMISSION_ONLY_TYPES.contains(r.type()) || served.contains(r.logicalId()))
                .toList();
    }

    /** Why {@link #acceptedMissing} accepted these, for the log. */
    public String whyAccepted(List<Template.Resource> accepted) {
        boolean apis = accepted.stream().anyMatch(r -> r.type().startsWith(StackFunctions.HTTP_API_TYPES));
        boolean policies = accepted.stream().anyMatch(r -> PERMISSION_ONLY_TYPES.contains(r.type()));
        return (policies ? "moto enforces no resource policies" : "")
                + (policies && apis ? "; " : "")
                + (apis ? "cloudtest serves the HTTP API's routes to the local functions itself" : "");
    }

    /** What to do about missing resources of these types on this target; empty when there is no advice. */
    public String hintForMissing(java.util.Collection<String> types) {
        if (!moto || types.stream().noneMatch(t -> t.startsWith(StackFunctions.HTTP_API_TYPES))) {
            return "";
        }
        return " moto cannot create HTTP APIs (AWS::ApiGatewayV2::*); cloudtest serves an HTTP API itself when its "
                + "Lambda proxy routes lead to Java functions that run locally (cloudtest.local-functions=auto, the "
                + "default on an emulator, or their logical ids). Custom domains, VPC links, WebSocket APIs and "
                + "APIs defined only by an OpenAPI Body are not served locally.";
    }

    /**
     * The template as this target can take it: on moto, without the outputs that name an HTTP API (moto fails on
     * them with an HTTP 500 before it could say that it does not create the API); otherwise unchanged.
     */
    public Template forTarget(Template template) {
        if (!moto) {
            return template;
        }
        refuseAttributesOfHttpApis(template);
        List<String> apiIds = httpApiParts(template);
        com.fasterxml.jackson.databind.node.ObjectNode json = template.json();
        JsonNode outputs = json.path("Outputs");
        if (!outputs.isObject()) {
            return template;
        }
        List<String> removed = new ArrayList<>();
        outputs.fields().forEachRemaining(output -> {
            if (apiIds.stream().anyMatch(id -> Template.references(output.getValue(), id))) {
                removed.add(output.getKey());
                if (output.getValue().has("Condition") || output.getValue().has("Export")) {
                    LOG.warn(
                            "cloudtest: output {} names an HTTP API, which moto cannot evaluate; its {} is lost on moto",
                            output.getKey(),
                            output.getValue().has("Export")
                                    ? "Export (Fn::ImportValue in other stacks will not find it)"
                                    : "value");
                }
            }
        });
        if (removed.isEmpty()) {
            return template;
        }
        removed.forEach(((com.fasterxml.jackson.databind.node.ObjectNode) outputs)::remove);
        if (outputs.isEmpty()) {
            json.remove("Outputs");
        }
        LOG.debug("cloudtest: outputs {} name an HTTP API; cloudtest resolves them against the local API", removed);
        return template.withJson(json);
    }

    /**
     * moto fails a whole template in which another resource reads an attribute of an HTTP API ("Fn::GetAtt references
     * undefined resource"); cloudtest cannot give that value before the stack exists either. Say so, before anything
     * is created.
     */
    static void refuseAttributesOfHttpApis(Template template) {
        List<String> apiParts = httpApiParts(template);
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().startsWith(StackFunctions.HTTP_API_TYPES)) {
                continue;
            }
            for (String part : apiParts) {
                if (Template.readsAttributeOf(resource.properties(), part)) {
                    throw new dev.cloudtest.core.ConfigurationException("Template " + template.origin() + ": "
                            + resource.logicalId() + " reads an attribute of " + part + " (e.g. !GetAtt " + part
                            + ".ApiEndpoint). moto cannot create HTTP APIs and refuses such a template; cloudtest "
                            + "serves the API locally only after the stack exists. Give the URL to the resource "
                            + "another way (an output the tests read, a parameter), or run this stack on AWS.");
                }
            }
        }
    }

    /** The logical ids of the template's API Gateway v2 resources. */
    private static List<String> httpApiParts(Template template) {
        return template.resources().values().stream()
                .filter(r -> r.type().startsWith(StackFunctions.HTTP_API_TYPES))
                .map(Template.Resource::logicalId)
                .toList();
    }

    /** Applies what moto's CloudFormation ignored, after the stack is complete. */
    public void afterCreate(Stack stack, Template template, Map<String, String> parameters) {
        if (!moto) {
            return;
        }
        IntrinsicResolver resolver = new IntrinsicResolver(
                parameters,
                stack.physicalIds(),
                stack.resourceTypes(),
                session.region(),
                session.accountId(),
                stack.name(),
                stack.stackId());
        for (Template.Resource resource : template.resources().values()) {
            if (resource.type().equals("AWS::S3::Bucket")
                    && resource.properties().has("NotificationConfiguration")
                    && stack.physicalIds().containsKey(resource.logicalId())) {
                applyBucketNotifications(stack, resource, resolver);
            }
        }
        if (privateEmulator) {
            mirrorStateMachines(stack);
        }
    }

    /** Undoes {@link #afterCreate} parts that CloudFormation's delete would not remove. */
    public void beforeDelete(String stackId) {
        List<String> arns = mirrors.remove(stackId);
        if (arns == null || arns.isEmpty()) {
            return;
        }
        synchronized (stepFunctionsLock) {
            setStepFunctionsExecution(true);
            for (String arn : arns) {
                try {
                    session.client(SfnClient.class).deleteStateMachine(r -> r.stateMachineArn(arn));
                } catch (SdkException e) {
                    LOG.warn("cloudtest: could not remove the executable mirror of {}: {}", arn, e.getMessage());
                }
            }
            if (mirrors.isEmpty()) {
                setStepFunctionsExecution(false);
            }
        }
    }

    private void applyBucketNotifications(Stack stack, Template.Resource resource, IntrinsicResolver resolver) {
        String bucket = stack.physicalId(resource.logicalId());
        S3Client s3 = session.client(S3Client.class);
        var current = s3.getBucketNotificationConfiguration(r -> r.bucket(bucket));
        if (!current.queueConfigurations().isEmpty()
                || !current.topicConfigurations().isEmpty()) {
            return; // the emulator applied it itself
        }
        JsonNode declared = resolver.resolve(resource.properties().get("NotificationConfiguration"));
        if (!IntrinsicResolver.isResolved(declared)) {
            LOG.warn(
                    "cloudtest: {}: moto ignores NotificationConfiguration of {}, and cloudtest cannot resolve all of "
                            + "its values to apply it itself: {}",
                    stack.name(),
                    resource.logicalId(),
                    declared);
            return;
        }
        List<QueueConfiguration> queues = new ArrayList<>();
        for (JsonNode q : declared.path("QueueConfigurations")) {
            queues.add(QueueConfiguration.builder()
                    .queueArn(q.path("Queue").asText())
                    .eventsWithStrings(q.path("Event").asText())
                    .filter(filter(q))
                    .build());
        }
        List<TopicConfiguration> topics = new ArrayList<>();
        for (JsonNode t : declared.path("TopicConfigurations")) {
            topics.add(TopicConfiguration.builder()
                    .topicArn(t.path("Topic").asText())
                    .eventsWithStrings(t.path("Event").asText())
                    .filter(filter(t))
                    .build());
        }
        if (queues.isEmpty() && topics.isEmpty()) {
            return;
        }
        s3.putBucketNotificationConfiguration(r -> r.bucket(bucket)
                .notificationConfiguration(NotificationConfiguration.builder()
                        .queueConfigurations(queues)
                        .topicConfigurations(topics)
                        .build()));
        LOG.info(
                "cloudtest: {}: moto ignores NotificationConfiguration in templates; applied {} queue and {} topic "
                        + "notification(s) of {} through the S3 API",
                stack.name(),
                queues.size(),
                topics.size(),
                resource.logicalId());
    }

    private static NotificationConfigurationFilter filter(JsonNode configuration) {
        JsonNode rules = configuration.path("Filter").path("S3Key").path("Rules");
        if (!rules.isArray() || rules.isEmpty()) {
            return null;
        }
        List<FilterRule> filterRules = new ArrayList<>();
        rules.forEach(rule -> filterRules.add(FilterRule.builder()
                .name(rule.path("Name").asText().toLowerCase(java.util.Locale.ROOT))
                .value(rule.path("Value").asText())
                .build()));
        return NotificationConfigurationFilter.builder()
                .key(k -> k.filterRules(filterRules))
                .build();
    }

    private void mirrorStateMachines(Stack stack) {
        List<String> arns = stack.resourceTypes().entrySet().stream()
                .filter(e -> e.getValue().equals("AWS::StepFunctions::StateMachine"))
                .map(e -> stack.physicalIds().get(e.getKey()))
                .filter(java.util.Objects::nonNull)
                .toList();
        if (arns.isEmpty()) {
            return;
        }
        SfnClient sfn = session.client(SfnClient.class);
        synchronized (stepFunctionsLock) {
            List<String> mirrored = new ArrayList<>();
            for (String arn : arns) {
                setStepFunctionsExecution(false);
                DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
                setStepFunctionsExecution(true);
                String created = sfn.createStateMachine(r -> r.name(machine.name())
                                .definition(machine.definition())
                                .roleArn(machine.roleArn()))
                        .stateMachineArn();
                mirrored.add(created);
                if (!created.equals(arn)) {
                    LOG.warn("cloudtest: executable mirror of {} got ARN {}", arn, created);
                }
            }
            // Leave execution on: the journey starts executions next. Stacks provisioned later are mirrored too.
            mirrors.put(stack.stackId(), mirrored);
            LOG.info(
                    "cloudtest: {}: moto executes state machines only outside CloudFormation's store; mirrored {} "
                            + "state machine(s) there under the same ARN",
                    stack.name(),
                    mirrored.size());
        }
    }

    private void setStepFunctionsExecution(boolean enabled) {
        post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": " + enabled + "}}");
    }

    private boolean answersAsMoto(URI endpoint) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void post(String path, String json) {
        URI endpoint = session.endpoint().orElseThrow();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve(path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        "moto answered HTTP " + response.statusCode() + " to " + path + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach moto at " + endpoint + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring moto", e);
        }
    }

    /** For messages: the first line of the emulator kind. */
    public Optional<String> describe() {
        return moto ? Optional.of("moto") : Optional.empty();
    }
}
