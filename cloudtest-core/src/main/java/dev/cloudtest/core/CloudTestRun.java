package dev.cloudtest.core;

import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.check.Preflight;
import dev.cloudtest.core.internal.emulator.EmulatorCompatibility;
import dev.cloudtest.core.internal.guard.TargetGuard;
import dev.cloudtest.core.internal.handover.HandedOverStacks;
import dev.cloudtest.core.internal.local.StackFunctions;
import dev.cloudtest.core.internal.packaging.ArtifactPackager;
import dev.cloudtest.core.internal.stack.StackNames;
import dev.cloudtest.core.internal.stack.StackProvisioner;
import dev.cloudtest.core.internal.stack.StackTags;
import dev.cloudtest.core.internal.stack.StackTeardown;
import dev.cloudtest.core.internal.stack.TakenStackName;
import dev.cloudtest.core.internal.target.ResolvedTarget;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * One cloudtest run: a resolved and guarded target, the stacks provisioned on it, and their teardown. The entry
 * point for adapters (the JUnit extension, the Maven plugin) and for programmatic use:
 *
 * <pre>{@code
 * try (CloudTestRun run = CloudTestRun.start(CloudTestConfig.load())) {
 *     Stack stack = run.provision(StackSpec.builder().template(Path.of("orders.yaml")).build());
 *     // ... drive the system, e.g. stack.output("ApiUrl") ...
 * } // every stack still up is torn down, the report written, an emulator stopped
 * }</pre>
 *
 * <p>Every stack is tagged with the run id, owner and expiry; teardown deletes only stacks carrying this run's id. A
 * JVM shutdown hook (Ctrl-C, SIGTERM) starts the deletion of every live stack first, then waits as time allows; what
 * could not finish is left to the sweeper once it expires. Thread-safe: stacks may be provisioned concurrently.
 */
public final class CloudTestRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudTestRun.class);
    /** CI systems give ~7 s between SIGTERM and SIGKILL: start every deletion at once, then wait at most this long. */
    private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(6);

    private final CloudTestConfig config;
    private final ResolvedTarget target;
    private final CloudSession session;
    private final StackProvisioner provisioner;
    private final StackTeardown teardown;
    private final Instant startedAt;
    /** Stacks created (or being created) and not yet torn down or kept: stack id → name. */
    private final Map<String, String> live = new ConcurrentHashMap<>();

    private final Map<String, RunReport.StackEntry> entries = new ConcurrentHashMap<>();
    private final List<String> leftovers = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> phases = new ConcurrentHashMap<>();
    private final Map<String, Integer> namesUsed = new ConcurrentHashMap<>();
    /** The spec id a bare {@code cloudtest.attach} name was used for. */
    private final Map<String, String> attachedSpecIds = new ConcurrentHashMap<>();
    /** Local functions by stack id ({@link CloudTestConfig#LOCAL_FUNCTIONS}). */
    private final Map<String, StackFunctions> localFunctions = new ConcurrentHashMap<>();

    private final Thread shutdownHook;
    private volatile boolean closed;

    private CloudTestRun(CloudTestConfig config, ResolvedTarget target, Instant startedAt, long targetMillis) {
        this.config = config;
        this.target = target;
        this.session = target.session();
        EmulatorCompatibility compatibility = new EmulatorCompatibility(
                session,
                StackFunctions.localSelection(config, session.endpoint().isPresent()));
        this.provisioner = new StackProvisioner(config, session, target.clients(), compatibility);
        this.teardown = new StackTeardown(session, config.teardownTimeout(), compatibility);
        this.startedAt = startedAt;
        phase("target").addAndGet(targetMillis);
        this.shutdownHook = new Thread(this::onShutdown, "cloudtest-shutdown-" + config.runId());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Resolves the target (starting an emulator when that is the target) and runs the account, region, alias and
     * marker guards. Makes no mutating call.
     *
     * @throws TargetUnavailableException when no target is usable (the message says how to get one)
     * @throws GuardViolationException when a guard refuses the target
     */
    public static CloudTestRun start(CloudTestConfig config) {
        for (String unknown : config.unknownKeys()) {
            LOG.warn(
                    "cloudtest: unknown configuration key '{}' is ignored (a typo?). Known keys are listed in the "
                            + "README's configuration table.",
                    unknown);
        }
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        config = joinBuildEmulator(config);
        ResolvedTarget target = ResolvedTarget.resolve(config);
        try {
            TargetGuard.check(config, target.session());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        CloudTestRun run = new CloudTestRun(
                config,
                target,
                startedAt,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        if (config.bool(CloudTestConfig.SWEEP_ON_START, false)) {
            Sweeper.onStart(run);
        }
        return run;
    }

    /**
     * A test JVM of a build whose {@code provision} goal started an emulator uses that emulator, so that it can
     * attach to the build's stacks. Only when nothing chose a target explicitly, and only if that emulator answers.
     */
    private static CloudTestConfig joinBuildEmulator(CloudTestConfig config) {
        if (config.target() != TargetKind.EMULATOR
                || config.raw(CloudTestConfig.TARGET).isPresent()) {
            return config;
        }
        return HandedOverStacks.liveEmulator(config.reportDirectory())
                .map(handedOver -> {
                    LOG.info(
                            "cloudtest: using the emulator at {} that this build's provision goal started (stack {})",
                            handedOver.endpoint().orElseThrow(),
                            handedOver.stackName());
                    CloudTestConfig.Builder joined = config.toBuilder()
                            .set(
                                    CloudTestConfig.ENDPOINT,
                                    handedOver.endpoint().orElseThrow().toString())
                            .set(CloudTestConfig.RUN_ID, config.runId());
                    if (!handedOver.region().isEmpty()) {
                        joined.set(CloudTestConfig.REGION, handedOver.region());
                    }
                    return joined.build();
                })
                .orElse(config);
    }

    /** A sweeper for expired leftovers on this run's (guarded) target; see {@link Sweeper}. */
    public Sweeper sweeper() {
        ensureOpen();
        return Sweeper.of(this);
    }

    /**
     * A preflight check that makes no mutating call: resolves the target, runs every guard (account, region, alias,
     * marker), parses and validates each template and its parameters, lints names, and checks that no stack already
     * has a name the specs would use. Collects every problem instead of stopping at the first.
     *
     * @return the target, the stacks that would be provisioned, warnings and violations
     */
    public static CheckReport check(CloudTestConfig config, List<StackSpec> specs) {
        return Preflight.check(config, specs);
    }

    /** The configuration of this run. */
    public CloudTestConfig config() {
        return config;
    }

    /** The resolved target. */
    public CloudSession session() {
        return session;
    }

    /** The journey toolkit's probes, creating their temporary resources with this run's ownership tags. */
    public Probes probes() {
        return new Probes(session, config);
    }

    /** This run's id. */
    public String runId() {
        return config.runId();
    }

    /**
     * Provisions a stack and waits until it is complete and verified. Bad input fails before anything is created;
     * a stack that fails is torn down (unless {@code cloudtest.keep} keeps failures) before the exception is thrown.
     *
     * @throws ConfigurationException for a missing or invalid template or parameters
     * @throws GuardViolationException when a guard refuses (e.g. the name is taken by a stack cloudtest doesn't own)
     * @throws ProvisioningFailedException with a diagnosis when CloudFormation (or the emulator) fails the stack
     */
    public Stack provision(StackSpec spec) {
        ensureOpen();
        Optional<String> attachTo = attachTarget(spec);
        if (attachTo.isPresent()) {
            return attach(attachTo.get());
        }
        Optional<Stack> handedOver = handedOver(spec);
        if (handedOver.isPresent()) {
            return handedOver.get();
        }
        Optional<String> reuse = config.raw(CloudTestConfig.REUSE);
        if (reuse.isPresent()) {
            return provisionOrReuse(spec, reuse.get());
        }
        long started = System.nanoTime();
        Instant createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String name = uniqueName(spec.id());
        StackProvisioner.Prepared prepared = provisioner.prepare(spec, name, createdAt);
        checkLocalFunctions(prepared);
        refuseTakenName(name);
        StackProvisioner.Prepared local = prepared; // local functions run the local code, not the uploaded copy
        prepared = packaged(prepared);
        String[] createdId = new String[1];
        try {
            Stack stack = provisioner.create(prepared, createdAt, id -> {
                createdId[0] = id;
                live.put(id, name);
            });
            long millis = elapsedMillis(started);
            phase("provision").addAndGet(millis);
            entries.put(stack.stackId(), new RunReport.StackEntry(spec.id(), name, "live", millis, 0, null));
            return withLocalFunctions(stack, local);
        } catch (ProvisioningFailedException e) {
            long millis = elapsedMillis(started);
            phase("provision").addAndGet(millis);
            String key = createdId[0] != null ? createdId[0] : name;
            if (createdId[0] == null) {
                cleanUpRejected(name, e);
                entries.put(key, new RunReport.StackEntry(spec.id(), name, "failed", millis, 0, e.diagnosis()));
            } else if (config.keep().keeps(true)) {
                live.remove(createdId[0]);
                entries.put(key, new RunReport.StackEntry(spec.id(), name, "kept", millis, 0, e.diagnosis()));
                LOG.warn(
                        "cloudtest: keeping failed stack {} for inspection (cloudtest.keep={}): {}; expires {}",
                        name,
                        config.keep().configValue(),
                        session.consoleLink(createdId[0]),
                        prepared.tags().get(StackTags.EXPIRES_AT));
            } else {
                TeardownReport report = tearDownById(createdId[0], name);
                entries.put(
                        key,
                        new RunReport.StackEntry(
                                spec.id(),
                                name,
                                report.isClean() ? "failed" : "leftovers",
                                millis,
                                report.duration().toMillis(),
                                e.diagnosis()));
                if (!report.isClean()) {
                    e.addSuppressed(new TeardownIncompleteException(List.of(report)));
                }
            }
            throw e;
        }
    }

    /**
     * Attaches to an existing stack (deployment pipelines): reads its outputs and resources; the stack is never
     * updated or deleted by this run.
     *
     * @throws ConfigurationException when no such stack exists or it is not in a completed state
     */
    public Stack attach(String stackName) {
        ensureOpen();
        var existing = describeIfPresent(stackName)
                .orElseThrow(() -> new ConfigurationException("Cannot attach to "
                        + "stack '" + stackName + "': it does not exist in account " + session.accountId() + ", region "
                        + session.region() + ". Check cloudtest.attach."));
        String status = existing.stackStatusAsString();
        if (!status.endsWith("_COMPLETE") || status.startsWith("DELETE") || status.contains("ROLLBACK")) {
            throw new ConfigurationException("Cannot attach to stack '" + stackName + "': it is " + status
                    + ". Attach to a stack whose last deployment succeeded.");
        }
        Instant created = existing.creationTime() != null ? existing.creationTime() : Instant.now();
        Stack stack = provisioner.read(existing.stackId(), stackName, created, Instant.MAX);
        LOG.info(
                "cloudtest: attached to existing stack {} ({} resources); it will not be changed or deleted",
                stackName,
                stack.resourceTypes().size());
        return stack;
    }

    /**
     * The IDE loop: provisions the stack under a fixed name and keeps it; a later run with the same name reuses it
     * with zero CloudFormation writes while the template and parameters hash the same, and updates it in place
     * (change set) when they changed. The stack must carry this owner's {@code cloudtest:reuse} tag.
     *
     * @throws GuardViolationException when a stack of that name exists that is not this owner's reuse stack
     */
    public Stack provisionOrReuse(StackSpec spec, String reuseName) {
        ensureOpen();
        String name =
                StackNames.name(config.namePrefix(), spec.id(), dev.cloudtest.core.internal.RunIds.sanitize(reuseName));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        StackProvisioner.Prepared prepared = provisioner.prepare(spec, name, now);
        checkLocalFunctions(prepared);
        String hash = prepared.hash();
        StackProvisioner.Prepared local = prepared;
        prepared = packaged(prepared);
        Map<String, String> extraTags = Map.of(StackTags.SPEC_HASH, hash, StackTags.REUSE, reuseName);
        StackProvisioner.Prepared tagged = prepared.withTags(extraTags);
        var existing = describeIfPresent(name);
        if (existing.isEmpty()) {
            String[] created = new String[1];
            Stack stack;
            try {
                stack = provisioner.create(tagged, now, id -> created[0] = id);
            } catch (ProvisioningFailedException e) {
                if (created[0] != null && !config.keep().keeps(true)) {
                    TeardownReport report = tearDownById(created[0], name);
                    if (!report.isClean()) {
                        e.addSuppressed(new TeardownIncompleteException(List.of(report)));
                    }
                }
                throw e;
            }
            LOG.info("cloudtest: {}: provisioned for reuse (cloudtest.reuse={}); kept after the run", name, reuseName);
            return withLocalFunctions(stack, local);
        }
        Map<String, String> tags = StackTags.toMap(existing.get().tags());
        if (!reuseName.equals(tags.get(StackTags.REUSE)) || !config.owner().equals(tags.get(StackTags.OWNER))) {
            throw new GuardViolationException(
                    "ownership",
                    name,
                    "Stack " + name + " exists but is not "
                            + config.owner() + "'s reuse stack '" + reuseName + "' (tags " + StackTags.REUSE + "="
                            + tags.get(StackTags.REUSE) + ", " + StackTags.OWNER + "=" + tags.get(StackTags.OWNER)
                            + "). "
                            + "cloudtest will not reuse or update it; choose another cloudtest.reuse name.");
        }
        Instant created = existing.get().creationTime() != null ? existing.get().creationTime() : now;
        Instant expires = StackTags.expiresAt(existing.get().tags()).orElse(now.plus(config.ttl()));
        if (hash.equals(tags.get(StackTags.SPEC_HASH))
                && existing.get().stackStatusAsString().endsWith("_COMPLETE")
                && !existing.get().stackStatusAsString().startsWith("DELETE")) {
            LOG.info("cloudtest: {}: unchanged (spec hash {}), reused without changes", name, hash);
            return withLocalFunctions(provisioner.read(existing.get().stackId(), spec.id(), created, expires), local);
        }
        // Keep the original ownership tags (run id of the creating run); record the new hash.
        Map<String, String> keep = new java.util.LinkedHashMap<>(tags);
        keep.putAll(extraTags);
        keep.put(StackTags.EXPIRES_AT, now.plus(config.ttl()).toString());
        return withLocalFunctions(
                provisioner.update(
                        prepared.withAllTags(keep), existing.get().stackId(), created, now.plus(config.ttl())),
                local);
    }

    /**
     * The stack name {@code cloudtest.attach} gives for a spec: {@code name} for the only stack of the run, or
     * {@code id=name,...} per stack id.
     */
    private Optional<String> attachTarget(StackSpec spec) {
        Optional<String> value = config.raw(CloudTestConfig.ATTACH);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().contains("=")) {
            String first = attachedSpecIds.computeIfAbsent("", k -> spec.id());
            if (!first.equals(spec.id())) {
                throw new ConfigurationException(config.describe(CloudTestConfig.ATTACH) + " names one stack, but "
                        + "this run uses several (" + first + ", " + spec.id() + "). Name each: cloudtest.attach="
                        + first + "=<stack name>," + spec.id() + "=<stack name>.");
            }
            return value;
        }
        for (String entry : value.get().split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length == 2 && parts[0].trim().equals(spec.id())) {
                return Optional.of(parts[1].trim());
            }
        }
        throw new ConfigurationException(config.describe(CloudTestConfig.ATTACH) + " names no stack for stack id '"
                + spec.id() + "'. Add " + spec.id() + "=<stack name>.");
    }

    /** A stack this build's provision goal created from the same spec on this target: attach instead of creating. */
    private Optional<Stack> handedOver(StackSpec spec) {
        for (HandedOverStacks.HandedOver candidate : HandedOverStacks.in(config.reportDirectory())) {
            boolean sameTarget = candidate.endpoint().equals(session.endpoint())
                    && candidate.region().equals(session.region())
                    && candidate.account().equals(session.accountId());
            if (candidate.id().equals(spec.id()) && sameTarget) {
                if (!candidate.fingerprint().equals(spec.fingerprint())) {
                    LOG.info(
                            "cloudtest: the build provisioned {} from a different spec; provisioning this one",
                            candidate.stackName());
                    return Optional.empty();
                }
                if (describeIfPresent(candidate.stackName()).isPresent()) {
                    LOG.info(
                            "cloudtest: attaching to {}, which this build's provision goal created from the same "
                                    + "spec; the build's teardown goal removes it",
                            candidate.stackName());
                    return Optional.of(withHandedOverOutputs(attach(candidate.stackName()), candidate.outputs()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The outputs as the provisioning run handed them over: where that run serves local functions, an API URL output
     * leads to its local API rather than to the (emulated) API Gateway, and an output the target could not give (one
     * naming an HTTP API on moto) is the one that run resolved against its local API.
     */
    private static Stack withHandedOverOutputs(Stack stack, Map<String, String> outputs) {
        Map<String, String> merged = new LinkedHashMap<>(stack.outputs());
        merged.putAll(outputs);
        if (merged.equals(stack.outputs())) {
            return stack;
        }
        return new Stack(
                stack.specId(),
                stack.name(),
                stack.stackId(),
                merged,
                stack.physicalIds(),
                stack.resourceTypes(),
                stack.createdAt(),
                stack.expiresAt(),
                stack.session());
    }

    private Optional<software.amazon.awssdk.services.cloudformation.model.Stack> describeIfPresent(String name) {
        try {
            return session.client(CloudFormationClient.class).describeStacks(r -> r.stackName(name)).stacks().stream()
                    .filter(st -> st.stackStatus() != StackStatus.DELETE_COMPLETE)
                    .findFirst();
        } catch (CloudFormationException e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A Java Lambda function of the stack, running locally ({@link CloudTestConfig#LOCAL_FUNCTIONS}), e.g. to invoke
     * it directly. Its SQS event sources are polled for it already.
     *
     * @param logicalId the function's logical id in the template
     * @throws IllegalArgumentException naming the local functions when the stack has no such local function
     */
    public LocalFunction localFunction(Stack stack, String logicalId) {
        StackFunctions functions = localFunctions.get(stack.stackId());
        if (functions == null) {
            throw new IllegalArgumentException("Stack " + stack.name() + " runs no local functions: "
                    + (config.localFunctions(session.endpoint().isPresent())
                            ? "its template declares no Java function (Runtime java*)."
                            : "they are off on this target; set cloudtest.local-functions=always to run them."));
        }
        return functions
                .function(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("Stack " + stack.name()
                        + " has no local function '" + logicalId + "'. Local functions: "
                        + new java.util.TreeSet<>(functions.logicalIds()) + "."));
    }

    /** Refuses, before anything is created, what running the stack's functions locally would refuse later. */
    private void checkLocalFunctions(StackProvisioner.Prepared prepared) {
        StackFunctions.check(
                prepared.template(),
                prepared.spec().parameters(),
                config,
                session.endpoint().isPresent());
    }

    /** Starts the stack's Java functions locally when {@code cloudtest.local-functions} says so. */
    private Stack withLocalFunctions(Stack stack, StackProvisioner.Prepared prepared) {
        if (!config.localFunctions(session.endpoint().isPresent())
                || !StackFunctions.declaresJavaFunctions(prepared.template())) {
            return stack;
        }
        config.localFunctionIds(session.endpoint().isPresent()).ifPresent(ids -> {
            List<String> declared = StackFunctions.javaFunctionIds(prepared.template());
            List<String> unknown =
                    ids.stream().filter(id -> !declared.contains(id)).toList();
            if (!unknown.isEmpty()) {
                LOG.warn(
                        "cloudtest: {}: cloudtest.local-functions names {}, which the template does not declare as Java "
                                + "functions (a typo?). Java functions: {}",
                        stack.name(),
                        unknown,
                        declared);
            }
        });
        long started = System.nanoTime();
        StackFunctions functions = localFunctions.computeIfAbsent(
                stack.stackId(),
                id -> StackFunctions.start(
                        stack,
                        prepared.template(),
                        prepared.spec().parameters(),
                        prepared.baseDirectory(),
                        session,
                        config.reportDirectory().resolve("local-functions"),
                        config.list(CloudTestConfig.LOCAL_FUNCTIONS_CLASSPATH, File.pathSeparator).stream()
                                .map(Path::of)
                                .toList(),
                        StackFunctions.localSelection(config, session.endpoint().isPresent()),
                        config.debugFunction()
                                .map(d -> Map.of(d.getKey(), d.getValue()))
                                .orElse(Map.of())));
        phase("local-functions").addAndGet(elapsedMillis(started));
        Map<String, String> outputs = functions.outputs(stack.outputs());
        if (outputs.equals(stack.outputs())) {
            return stack;
        }
        // The API's URL outputs now lead to the local API serving the functions' routes.
        return new Stack(
                stack.specId(),
                stack.name(),
                stack.stackId(),
                outputs,
                stack.physicalIds(),
                stack.resourceTypes(),
                stack.createdAt(),
                stack.expiresAt(),
                stack.session());
    }

    private void stopLocalFunctions(String stackId) {
        StackFunctions functions = localFunctions.remove(stackId);
        if (functions != null) {
            functions.close();
        }
    }

    /**
     * Tears a stack down now (ownership verified before every delete).
     *
     * @return what was removed and what is left
     * @throws GuardViolationException when the stack does not carry this run's id
     */
    public TeardownReport teardown(Stack stack) {
        return tearDownAndRecord(stack.stackId(), stack.name());
    }

    /** Tears a stack down and records the outcome in the run report. */
    private TeardownReport tearDownAndRecord(String stackId, String name) {
        TeardownReport report = tearDownById(stackId, name);
        RunReport.StackEntry entry = entries.get(stackId);
        if (entry != null) {
            entries.put(
                    stackId,
                    new RunReport.StackEntry(
                            entry.id(),
                            entry.name(),
                            report.isClean() ? "deleted" : "leftovers",
                            entry.provisionMillis(),
                            report.duration().toMillis(),
                            entry.diagnosis()));
        }
        return report;
    }

    /**
     * Applies {@code cloudtest.keep} to a stack whose tests ended: keeps it (logging where to find it) or tears it
     * down. A stack this run did not create (attached, reused, or handed over by the build) is left as it is.
     *
     * @param failed whether any of the stack's tests (or their setup) failed
     * @return the teardown report, or empty when the stack was kept
     */
    public Optional<TeardownReport> release(Stack stack, boolean failed) {
        if (!createdHere(stack)) {
            return Optional.empty();
        }
        if (config.keep().keeps(failed)) {
            stopLocalFunctions(stack.stackId());
            live.remove(stack.stackId());
            RunReport.StackEntry entry = entries.get(stack.stackId());
            if (entry != null) {
                entries.put(
                        stack.stackId(),
                        new RunReport.StackEntry(entry.id(), entry.name(), "kept", entry.provisionMillis(), 0, null));
            }
            LOG.warn(
                    "cloudtest: kept stack {} (cloudtest.keep={}{}): {}; it expires at {} and is then removed by "
                            + "the sweeper",
                    stack.name(),
                    config.keep().configValue(),
                    failed ? ", tests failed" : "",
                    session.consoleLink(stack.stackId()),
                    stack.expiresAt());
            return Optional.empty();
        }
        return Optional.of(teardown(stack));
    }

    private TeardownReport tearDownById(String stackId, String name) {
        stopLocalFunctions(stackId);
        long started = System.nanoTime();
        try {
            TeardownReport report = teardown.tearDown(stackId, name, StackTeardown.ownedByRun(config.runId()));
            if (report.isClean()) {
                live.remove(stackId);
            } else {
                report.leftovers().forEach(l -> leftovers.add(name + ": " + l));
                live.remove(stackId);
            }
            return report;
        } finally {
            phase("teardown").addAndGet(elapsedMillis(started));
        }
    }

    /** A stack of the same name that is not gone: ours from this run is a usage error, anyone else's is refused. */
    private void refuseTakenName(String name) {
        TakenStackName.refusal(session.client(CloudFormationClient.class), name).ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** CreateStack was refused (e.g. HTTP 500): the stack may still have been registered; remove it if it is ours. */
    private void cleanUpRejected(String name, ProvisioningFailedException failure) {
        try {
            TeardownReport report = teardown.tearDown(name, name, StackTeardown.ownedByRun(config.runId()));
            if (!report.isClean()) {
                failure.addSuppressed(new TeardownIncompleteException(List.of(report)));
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private String uniqueName(String specId) {
        return StackNames.unique(config.namePrefix(), specId, config.runId(), namesUsed);
    }

    /** The report of this run so far. */
    public RunReport report() {
        Map<String, Long> phaseMillis = new LinkedHashMap<>();
        phases.forEach((k, v) -> phaseMillis.put(k, v.get()));
        long total = Duration.between(startedAt, Instant.now()).toMillis();
        long accounted =
                phaseMillis.values().stream().mapToLong(Long::longValue).sum();
        phaseMillis.put("tests", Math.max(0, total - accounted));
        List<RunReport.StackEntry> stacks = new ArrayList<>(entries.values());
        stacks.sort(java.util.Comparator.comparing(RunReport.StackEntry::name));
        return new RunReport(
                config.runId(),
                session.kind().configValue(),
                session.accountId(),
                session.region(),
                startedAt,
                Instant.now(),
                phaseMillis,
                stacks,
                List.copyOf(leftovers));
    }

    /**
     * Tears down every stack still live (unless {@code cloudtest.keep=always}), writes the run report, stops an
     * emulator cloudtest started, and releases the clients.
     *
     * @throws TeardownIncompleteException when something could not be removed (listed)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<TeardownReport> incomplete = new ArrayList<>();
        try {
            for (Map.Entry<String, String> stack : new ArrayList<>(live.entrySet())) {
                if (config.keep() == KeepPolicy.ALWAYS) {
                    LOG.warn(
                            "cloudtest: kept stack {} (cloudtest.keep=always): {}",
                            stack.getValue(),
                            session.consoleLink(stack.getKey()));
                    live.remove(stack.getKey());
                    continue;
                }
                TeardownReport report = tearDownAndRecord(stack.getKey(), stack.getValue());
                if (!report.isClean()) {
                    incomplete.add(report);
                }
            }
        } finally {
            new ArrayList<>(localFunctions.keySet()).forEach(this::stopLocalFunctions);
            writeReport();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            provisioner.close();
            target.close();
        }
        if (!incomplete.isEmpty()) {
            throw new TeardownIncompleteException(incomplete);
        }
    }

    private void writeReport() {
        RunReport report = report();
        Path dir = config.reportDirectory();
        try {
            Files.createDirectories(dir);
            String base =
                    "run-" + config.runId() + "-" + ProcessHandle.current().pid();
            Files.writeString(dir.resolve(base + ".json"), report.toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(base + ".txt"), report.summary(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cloudtest: could not write the run report to {}: {}", dir, e.getMessage());
        }
        LOG.info("{}", report.summary().strip());
    }

    /** Ctrl-C / SIGTERM / exit with stacks up: start every deletion first, then wait within the budget. */
    private void onShutdown() {
        if (closed || live.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + SHUTDOWN_BUDGET.toNanos();
        Map<String, String> stacks = new LinkedHashMap<>(live);
        LOG.warn("cloudtest: JVM shutting down with {} stack(s) up: deleting {}", stacks.size(), stacks.values());
        List<Thread> workers = new ArrayList<>();
        for (Map.Entry<String, String> stack : stacks.entrySet()) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            teardown.startDeletion(stack.getKey(), StackTeardown.ownedByRun(config.runId()));
                        } catch (RuntimeException e) {
                            LOG.warn("cloudtest: could not start deleting {}: {}", stack.getValue(), e.getMessage());
                        }
                    },
                    "cloudtest-delete-" + stack.getValue());
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(
                        1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> unfinished = new ArrayList<>();
        for (Map.Entry<String, String> stack : stacks.entrySet()) {
            if (!isGone(stack.getKey(), deadline)) {
                unfinished.add(stack.getValue());
            }
        }
        if (unfinished.isEmpty()) {
            LOG.warn("cloudtest: deleted {} stack(s) during shutdown", stacks.size());
        } else {
            LOG.warn(
                    "cloudtest: shutdown budget of {} used up; {} still being deleted or left for the sweeper once "
                            + "they expire (cloudtest:expires-at)",
                    Durations.format(SHUTDOWN_BUDGET),
                    unfinished);
        }
        try {
            target.close();
        } catch (RuntimeException e) {
            // best effort at shutdown
        }
    }

    private boolean isGone(String stackId, long deadline) {
        CloudFormationClient cfn = session.client(CloudFormationClient.class);
        while (System.nanoTime() < deadline) {
            try {
                var stacks = cfn.describeStacks(r -> r.stackName(stackId)).stacks();
                if (stacks.isEmpty() || stacks.get(0).stackStatus() == StackStatus.DELETE_COMPLETE) {
                    return true;
                }
            } catch (CloudFormationException e) {
                return String.valueOf(e.getMessage()).contains("does not exist");
            } catch (RuntimeException e) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Uploads the template's local artifacts (content-hash keys, unchanged ones skipped) and rewrites the template. */
    private StackProvisioner.Prepared packaged(StackProvisioner.Prepared prepared) {
        long started = System.nanoTime();
        ArtifactPackager.Result result =
                new ArtifactPackager(session, config.owner()).apply(prepared.template(), prepared.baseDirectory());
        if (result.uploaded() + result.reused() > 0) {
            phase("package").addAndGet(elapsedMillis(started));
        }
        return prepared.withTemplate(result.template());
    }

    /** Whether this run created the stack (and so may tear it down): attached and reused stacks are not. */
    private boolean createdHere(Stack stack) {
        return entries.containsKey(stack.stackId());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This CloudTestRun is closed; start a new one.");
        }
    }

    private AtomicLong phase(String name) {
        return phases.computeIfAbsent(name, k -> new AtomicLong());
    }

    private static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
