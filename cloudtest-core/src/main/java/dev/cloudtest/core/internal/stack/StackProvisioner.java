package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.guard.NameLint;
import dev.cloudtest.core.internal.guard.SecretRedaction;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.hook.TemplateStages;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.target.ClientFactory;
import dev.cloudtest.core.internal.target.EmulatorLog;
import dev.cloudtest.core.internal.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Creates one stack and waits for it: validated input first (nothing is created for bad input), then CreateStack,
 * adaptive polling with progress lines, a diagnosis on failure, and a check that every declared resource really
 * exists (emulators skip types they do not support while still reporting {@code CREATE_COMPLETE}).
 */
public final class StackProvisioner {
    private static final Logger LOG = Loggers.get(StackProvisioner.class);
    /** CloudFormation's limit for TemplateBody; larger templates are uploaded to S3 and passed as TemplateURL. */
    static final int MAX_TEMPLATE_BODY = 51_200;
    /** CloudFormation's limit for a template in S3 (1 MB). */
    static final int MAX_TEMPLATE_URL_BODY = 1_048_576;

    private final CloudTestConfig config;
    private final CloudSession session;
    private final CloudFormationClient cfn;
    /** CreateStack, with the retries the target allows. */
    private final CreateStackCall createCall;

    private final PollSchedule schedule;

    private final StackHooks hooks;
    /** moto 5.2.5 does not apply new parameter values through change sets: updates go through UpdateStack there. */
    private final boolean moto;
    /** The log of the emulator cloudtest started, read for the cause of an HTTP 500. */
    private final Optional<EmulatorLog> emulatorLog;

    private final Map<String, Map<String, String>> verdicts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param hooks whose {@code beforeCreate} give the body sent and whose {@code acceptMissing} may accept resources
     *     the target did not create
     * @param moto whether the target is moto
     * @param emulatorLog the log of the emulator cloudtest started, if it did
     */
    public StackProvisioner(
            CloudTestConfig config,
            CloudSession session,
            ClientFactory clients,
            StackHooks hooks,
            boolean moto,
            Optional<EmulatorLog> emulatorLog) {
        this.config = config;
        this.emulatorLog = emulatorLog;
        this.hooks = hooks;
        this.moto = moto;
        this.session = session;
        this.cfn = session.client(CloudFormationClient.class);
        this.createCall =
                new CreateStackCall(cfn, clients, body -> new dev.cloudtest.core.internal.packaging.ArtifactPackager(
                                session, config.owner())
                        .templateUrl(body));
        this.schedule = PollSchedule.forTarget(session.kind().isEmulated());
    }

    /** Closes the clients this provisioner owns. */
    public void close() {
        createCall.close();
    }

    /**
     * Reads, parses and validates the spec against its template; makes no call to the target.
     *
     * @throws ConfigurationException for a missing or invalid template or parameters
     * @throws GuardViolationException for hard-coded names under {@code cloudtest.guard.strict-names}
     */
    public PreparedStack prepare(StackSpec spec, String name, Instant createdAt) {
        Template template = Template.parse(spec.readTemplate(), spec.templateOrigin());
        checkParameters(spec, template);
        // Local artifacts must exist before anything is created (the upload itself happens later).
        dev.cloudtest.core.internal.packaging.LocalArtifacts.find(template, spec.baseDirectory());
        dev.cloudtest.core.internal.guard.DerivedNames.check(template, name);
        List<NameLint.Finding> findings = NameLint.findings(template);
        if (!findings.isEmpty() && config.bool(CloudTestConfig.GUARD_STRICT_NAMES, false)) {
            String list = findings.stream().map(NameLint.Finding::toString).collect(Collectors.joining("; "));
            throw new GuardViolationException(
                    "names",
                    findings.get(0).logicalId(),
                    "Template "
                            + template.origin()
                            + " hard-codes physical names, which collide between parallel runs and "
                            + "with other environments: " + list + ". Derive them from the stack name (!Sub "
                            + "'${AWS::StackName}-orders') or a parameter, or leave them out; or set "
                            + "cloudtest.guard.strict-names=false to only warn.");
        }
        List<String> warnings = findings.stream()
                .map(finding -> template.origin() + ": hard-coded physical name " + finding
                        + " collides between parallel runs; derive it from ${AWS::StackName} or a parameter "
                        + "(cloudtest.guard.strict-names=true makes this a violation)")
                .toList();
        Instant expiresAt = createdAt.plus(config.ttl());
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.putAll(StackTags.ownership(config.runId(), config.owner(), spec.id(), createdAt, expiresAt));
        Set<String> capabilities = new TreeSet<>(template.requiredCapabilities());
        capabilities.addAll(spec.capabilities());
        String body = template.toJson();
        if (body.length() > MAX_TEMPLATE_URL_BODY) {
            throw new ConfigurationException("Template " + template.origin() + " is " + body.length()
                    + " bytes as JSON; CloudFormation accepts at most " + MAX_TEMPLATE_URL_BODY
                    + " bytes (1 MB, through S3). Split it into nested stacks or shorten it.");
        }
        return new PreparedStack(spec, name, TemplateStages.of(template), tags, capabilities, warnings);
    }

    private static void checkParameters(StackSpec spec, Template template) {
        Set<String> declared = template.parameters().keySet();
        for (String name : spec.parameters().keySet()) {
            if (!declared.contains(name)) {
                throw new ConfigurationException("Parameter '" + name + "' is not declared by template "
                        + template.origin() + ". Declared parameters: "
                        + (declared.isEmpty() ? "(none)" : String.join(", ", declared)) + ".");
            }
        }
        List<String> missing = template.parameters().values().stream()
                .filter(p -> !p.hasDefault() && !spec.parameters().containsKey(p.name()))
                .map(Template.Parameter::name)
                .toList();
        if (!missing.isEmpty()) {
            throw new dev.cloudtest.core.exception.MissingParametersException(template.origin(), missing);
        }
    }

    /**
     * Creates the stack and waits until it is complete and verified.
     *
     * @param onCreated called with the stack id as soon as CreateStack returned, so the caller can tear down on a
     *     crash even while this method still waits
     * @throws ProvisioningFailedException with a diagnosis; the stack may exist and must be torn down by the caller
     */
    public Stack create(PreparedStack prepared, Instant createdAt, Consumer<String> onCreated) {
        try {
            return createAndWait(prepared, createdAt, onCreated);
        } catch (ProvisioningFailedException e) {
            // Targets quote rejected values in their errors; NoEcho values must not reach messages or reports.
            throw SecretRedaction.redact(
                    e,
                    SecretRedaction.noEchoValues(
                            prepared.template(), prepared.spec().parameters()));
        }
    }

    private Stack createAndWait(PreparedStack prepared, Instant createdAt, Consumer<String> onCreated) {
        Template template = prepared.template();
        String name = prepared.name();
        long started = System.nanoTime();
        String body;
        try {
            body = hooks.beforeCreate(prepared).toJson();
        } catch (RuntimeException e) {
            hooks.createRejected(prepared); // what a hook made before CreateStack, e.g. a secret
            throw e;
        }
        String stackId;
        long logMark = emulatorLog.map(EmulatorLog::mark).orElse(0L);
        try {
            stackId = createCall.create(prepared, body, parameters(prepared), tags(prepared));
        } catch (software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException e) {
            stackId = createCall.adoptOwnRetry(name, prepared).orElseThrow(() -> {
                hooks.createRejected(prepared);
                return new ProvisioningFailedException(
                        name, StackDiagnosis.rejection(e, template, "CreateStack", Optional.empty()), null, e);
            });
        } catch (SdkServiceException e) {
            hooks.createRejected(prepared);
            Optional<String> logged = e.statusCode() >= 500
                    ? emulatorLog.flatMap(
                            log -> log.causeSince(logMark, template.resources().keySet()))
                    : Optional.empty();
            throw new ProvisioningFailedException(
                    name, StackDiagnosis.rejection(e, template, "CreateStack", logged), null, e);
        }
        onCreated.accept(stackId);
        LOG.info(
                "cloudtest: {}: creating ({} resources)",
                name,
                template.resources().size());
        awaitStatus(stackId, name, template, StackStatus.CREATE_IN_PROGRESS, StackStatus.CREATE_COMPLETE, started);
        Stack stack = read(
                stackId,
                prepared.spec().id(),
                createdAt,
                Instant.parse(prepared.tags().get(StackTags.EXPIRES_AT)));
        verdicts.put(stack.stackId(), DeclaredResources.verify(prepared, stack, hooks, session));
        LOG.info(
                "cloudtest: {}: CREATE_COMPLETE, {} resources, in {}",
                name,
                stack.resourceTypes().size(),
                Durations.format(Duration.ofNanos(System.nanoTime() - started)));
        return stack;
    }

    /**
     * What the check after the stack's creation (or update) found for each resource, taken once: see {@link
     * ResourceAccounts}.
     */
    public Map<String, String> takeVerdicts(String stackId) {
        Map<String, String> found = verdicts.remove(stackId);
        return found == null ? Map.of() : found;
    }

    /**
     * Updates an existing stack in place through a change set (the IDE reuse loop), and waits for it.
     *
     * @throws ProvisioningFailedException with a diagnosis when the update fails
     */
    public Stack update(PreparedStack prepared, String stackId, Instant createdAt, Instant expiresAt) {
        Template template = prepared.template();
        String name = prepared.name();
        long started = System.nanoTime();
        String body = hooks.beforeCreate(prepared).toJson();
        String url = createCall.templateUrl(body);
        if (moto) {
            // moto 5.2.5 executes a change set without applying new parameter values after the first update, so on
            // moto the same update goes through UpdateStack, which applies them.
            try {
                cfn.updateStack(r -> r.stackName(name)
                        .templateBody(url == null ? body : null)
                        .templateURL(url)
                        .parameters(parameters(prepared))
                        .capabilitiesWithStrings(prepared.capabilities())
                        .tags(tags(prepared)));
            } catch (CloudFormationException e) {
                if (String.valueOf(e.getMessage()).contains("No updates")) {
                    return read(stackId, prepared.spec().id(), createdAt, expiresAt);
                }
                throw new ProvisioningFailedException(
                        name, StackDiagnosis.rejection(e, template, "UpdateStack", Optional.empty()), null, e);
            }
            return awaitUpdate(prepared, stackId, createdAt, expiresAt, started);
        }
        String changeSet = "cloudtest-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try {
            cfn.createChangeSet(r -> r.stackName(name)
                    .changeSetName(changeSet)
                    .changeSetType(software.amazon.awssdk.services.cloudformation.model.ChangeSetType.UPDATE)
                    .templateBody(url == null ? body : null)
                    .templateURL(url)
                    .parameters(parameters(prepared))
                    .capabilitiesWithStrings(prepared.capabilities())
                    .tags(tags(prepared)));
            int attempt = 0;
            while (true) {
                var described = cfn.describeChangeSet(r -> r.stackName(name).changeSetName(changeSet));
                String status = described.statusAsString();
                if ("CREATE_COMPLETE".equals(status)) {
                    break;
                }
                if ("FAILED".equals(status)) {
                    String reason = String.valueOf(described.statusReason());
                    cfn.deleteChangeSet(r -> r.stackName(name).changeSetName(changeSet));
                    if (reason.contains("didn't contain changes") || reason.contains("No updates")) {
                        return read(stackId, prepared.spec().id(), createdAt, expiresAt);
                    }
                    throw new ProvisioningFailedException(
                            name, "the update's change set failed: " + reason, null, null);
                }
                sleep(schedule.interval(attempt++));
            }
            cfn.executeChangeSet(r -> r.stackName(name).changeSetName(changeSet));
        } catch (SdkServiceException e) {
            throw new ProvisioningFailedException(
                    name, StackDiagnosis.rejection(e, template, "CreateChangeSet", Optional.empty()), null, e);
        }
        return awaitUpdate(prepared, stackId, createdAt, expiresAt, started);
    }

    private Stack awaitUpdate(
            PreparedStack prepared, String stackId, Instant createdAt, Instant expiresAt, long started) {
        Template template = prepared.template();
        String name = prepared.name();
        LOG.info("cloudtest: {}: updating in place (template, parameters or artifacts changed)", name);
        awaitStatus(stackId, name, template, StackStatus.UPDATE_IN_PROGRESS, StackStatus.UPDATE_COMPLETE, started);
        Stack stack = read(stackId, prepared.spec().id(), createdAt, expiresAt);
        verdicts.put(stack.stackId(), DeclaredResources.verify(prepared, stack, hooks, session));
        LOG.info(
                "cloudtest: {}: UPDATE_COMPLETE in {}",
                name,
                Durations.format(Duration.ofNanos(System.nanoTime() - started)));
        return stack;
    }

    /** Polls until the stack leaves {@code inProgress}; anything but {@code success} is diagnosed and thrown. */
    private void awaitStatus(
            String stackId, String name, Template template, StackStatus inProgress, StackStatus success, long started) {
        Duration timeout = config.provisionTimeout();
        long deadline = started + timeout.toNanos();
        int attempt = 0;
        int lastComplete = -1;
        while (true) {
            software.amazon.awssdk.services.cloudformation.model.Stack described = describe(stackId);
            StackStatus status = described.stackStatus();
            if (status == success) {
                return;
            }
            boolean settling = status == inProgress
                    || status == StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
                            && success == StackStatus.UPDATE_COMPLETE;
            if (!settling) {
                StackDiagnosis.Diagnosis diagnosis =
                        StackDiagnosis.diagnose(cfn, stackId, status, described.stackStatusReason());
                throw new ProvisioningFailedException(name, diagnosis.text(), diagnosis.logicalId(), null);
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningFailedException(
                        name,
                        "did not complete within " + Durations.format(timeout) + " (still " + status
                                + "). Raise cloudtest.provision.timeout if the stack is just slow.",
                        null,
                        null);
            }
            if (attempt % 4 == 3) {
                int complete = countComplete(stackId);
                if (complete != lastComplete) {
                    LOG.info(
                            "cloudtest: {}: {}/{} resources complete",
                            name,
                            complete,
                            template.resources().size());
                    lastComplete = complete;
                }
            }
            sleep(schedule.interval(attempt++));
        }
    }

    /** The stack as it is now: outputs, physical ids and types (moto's blank rows for skipped types left out). */
    public Stack read(String stackRef, String specId, Instant createdAt, Instant expiresAt) {
        software.amazon.awssdk.services.cloudformation.model.Stack described = describe(stackRef);
        List<StackResourceSummary> resources =
                cfn.listStackResourcesPaginator(r -> r.stackName(described.stackId())).stackResourceSummaries().stream()
                        .filter(r -> r.logicalResourceId() != null
                                && !r.logicalResourceId().isEmpty())
                        .filter(r -> r.resourceStatus() == null
                                || !r.resourceStatusAsString().endsWith("FAILED"))
                        .toList();
        Map<String, String> physicalIds = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (StackResourceSummary resource : resources) {
            if (resource.physicalResourceId() != null
                    && !resource.physicalResourceId().isEmpty()) {
                physicalIds.put(resource.logicalResourceId(), resource.physicalResourceId());
            }
            types.put(resource.logicalResourceId(), resource.resourceType());
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        described.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return new Stack(
                specId,
                described.stackName(),
                described.stackId(),
                outputs,
                physicalIds,
                types,
                createdAt,
                expiresAt,
                session);
    }

    private static List<Parameter> parameters(PreparedStack prepared) {
        return prepared.spec().parameters().entrySet().stream()
                .map(e -> Parameter.builder()
                        .parameterKey(e.getKey())
                        .parameterValue(e.getValue())
                        .build())
                .toList();
    }

    private static List<Tag> tags(PreparedStack prepared) {
        return prepared.tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    private software.amazon.awssdk.services.cloudformation.model.Stack describe(String stackId) {
        return cfn.describeStacks(r -> r.stackName(stackId)).stacks().get(0);
    }

    private int countComplete(String stackId) {
        try {
            return (int) cfn.listStackResourcesPaginator(r -> r.stackName(stackId)).stackResourceSummaries().stream()
                    .filter(s -> s.resourceStatus() == ResourceStatus.CREATE_COMPLETE)
                    .count();
        } catch (CloudFormationException e) {
            return -1;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.cloudtest.core.exception.CloudTestException(
                    "Interrupted while waiting for CloudFormation.", e);
        }
    }
}
