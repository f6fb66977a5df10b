package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.cdk.CdkSynth;
import dev.cloudtest.core.internal.hook.LocalFunctionSource;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.packaging.ArtifactPackager;
import dev.cloudtest.core.internal.stack.ResourceAccounts;
import dev.cloudtest.core.internal.stack.StackLookup;
import dev.cloudtest.core.internal.stack.StackTeardown;
import dev.cloudtest.core.internal.stack.TakenStackName;
import dev.cloudtest.core.report.RunReport.Outcome;
import dev.cloudtest.core.report.TeardownReport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The run's pipeline: the named steps every stack goes through — prepare the template, check, package, create or
 * update, verify resources ({@link dev.cloudtest.core.internal.stack.StackProvisioner}), expose (the hooks'
 * {@code afterCreate}), tear down — and the choice of which steps run ({@link ProvisioningStrategy}: attach, hand-over,
 * reuse or create). Outcomes go into the {@link RunLedger}. Thread-safe.
 */
public final class StackPipeline {
    private static final Logger LOG = Loggers.get(StackPipeline.class);

    private final TargetContext context;
    private final RunLedger ledger;
    private final CloudTestConfig config;
    private final ShutdownDeletion shutdown;
    private final Map<String, Integer> namesUsed = new ConcurrentHashMap<>();
    /** Stacks the hooks serve (exposed, not yet torn down or kept), released when the run closes. */
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    private final AttachStrategy attach;
    private final ReuseStrategy reuse;
    private final List<ProvisioningStrategy> strategies;

    public StackPipeline(TargetContext context, RunLedger ledger) {
        this.context = context;
        this.ledger = ledger;
        this.config = context.config();
        this.shutdown = new ShutdownDeletion(context, ledger, config.runId(), config.sessionId());
        this.attach = new AttachStrategy(this);
        this.reuse = new ReuseStrategy(this);
        this.strategies = List.of(attach, new HandOverStrategy(this), reuse, new CreateStrategy(this));
    }

    /** Provisions the spec with the first strategy that applies (attach, hand-over, reuse, create). */
    public Stack provision(StackSpec spec) {
        try {
            for (ProvisioningStrategy strategy : strategies) {
                Optional<Stack> stack = strategy.provision(spec);
                if (stack.isPresent()) {
                    return stack.get();
                }
            }
            throw new IllegalStateException("CreateStrategy always applies");
        } finally {
            recordSynth();
        }
    }

    /** Attaches to an existing stack, which this run never changes. */
    public Stack attach(String stackName) {
        return attach.attach(stackName);
    }

    /** Provisions for reuse under a fixed name ({@code cloudtest.reuse}). */
    public Stack provisionOrReuse(StackSpec spec, String reuseName) {
        try {
            return reuse.provision(spec, reuseName);
        } finally {
            recordSynth();
        }
    }

    /** A CDK app synthesised while the spec was read counts as phase {@code synth}, not as the tests' time. */
    private void recordSynth() {
        long synth = CdkSynth.takeSynthMillis();
        if (synth > 0) {
            ledger.addTime("synth", synth);
        }
    }

    TargetContext context() {
        return context;
    }

    RunLedger ledger() {
        return ledger;
    }

    CloudTestConfig config() {
        return config;
    }

    StackHooks hooks() {
        return context.hooks();
    }

    /** A stack name unique within this run. */
    String uniqueName(String specId) {
        return StackNames.unique(config.namePrefix(), specId, config.runId(), config.sessionId(), namesUsed);
    }

    /**
     * Step "prepare template" and "check": parse and validate (no call to the target), expand transforms (SAM), then
     * every hook's check.
     */
    PreparedStack prepare(StackSpec spec, String name, Instant createdAt) {
        PreparedStack prepared = hooks().expand(context.provisioner().prepare(spec, name, createdAt));
        prepared.warnings().forEach(warning -> LOG.warn("cloudtest: {}", warning));
        hooks().check(prepared);
        return prepared;
    }

    /** A live stack of the same name: ours from this run is a usage error, anyone else's is refused. */
    void refuseTakenName(String name) {
        TakenStackName.refusal(cfn(), name).ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** Step "package": uploads the template's local artifacts (content-hash keys) and records the packaged stage. */
    PreparedStack packaged(PreparedStack prepared) {
        long started = System.nanoTime();
        ArtifactPackager.Result result = new ArtifactPackager(context.session(), config.owner())
                .apply(prepared.templates().expanded(), prepared.baseDirectory());
        if (result.uploaded() + result.reused() > 0) {
            ledger.addTime("package", elapsedMillis(started));
        }
        return prepared.withPackaged(result.template());
    }

    /**
     * Step "create" for a stack this run owns: CreateStack, wait, verify; on failure the stack is torn down (or kept,
     * as {@code cloudtest.keep} says) before the exception is thrown. Recorded in the ledger.
     */
    Stack createOwned(PreparedStack prepared, Instant createdAt) {
        long started = System.nanoTime();
        String name = prepared.name();
        String[] createdId = new String[1];
        ledger.creating(name);
        try {
            Stack stack = context.provisioner().create(prepared, createdAt, id -> {
                createdId[0] = id;
                ledger.live(id, name);
            });
            long millis = elapsedMillis(started);
            ledger.addTime("provision", millis);
            ledger.record(stack.stackId(), prepared.spec().id(), name, Outcome.LIVE, millis, 0, null);
            return stack;
        } catch (ProvisioningFailedException e) {
            long millis = elapsedMillis(started);
            ledger.addTime("provision", millis);
            failed(prepared, createdId[0], millis, e.diagnosis(), e);
            throw e;
        } finally {
            if (createdId[0] == null) {
                ledger.notCreated(name);
            }
        }
    }

    /** A stack this run owns could not be provisioned: keep it for inspection or tear it down; record which. */
    private void failed(PreparedStack prepared, String stackId, long millis, String diagnosis, RuntimeException e) {
        String name = prepared.name();
        String specId = prepared.spec().id();
        if (stackId == null) {
            ledger.record(name, specId, name, Outcome.FAILED, millis, 0, diagnosis);
            cleanUpRejected(name, e);
        } else if (config.keep().keeps(true)) {
            hooks().release(stackId);
            ledger.record(stackId, specId, name, Outcome.KEPT, millis, 0, diagnosis);
            ledger.kept(stackId);
            LOG.warn(
                    "cloudtest: keeping failed stack {} for inspection (cloudtest.keep={}): {}; expires {}",
                    name,
                    config.keep().configValue(),
                    context.session().consoleLink(stackId),
                    prepared.tags().get(StackTags.EXPIRES_AT));
        } else {
            ledger.record(stackId, specId, name, Outcome.FAILED, millis, 0, diagnosis);
            TeardownReport report = tearDown(stackId, name);
            if (report.isClean()) {
                ledger.record(
                        stackId,
                        specId,
                        name,
                        Outcome.FAILED,
                        millis,
                        report.duration().toMillis(),
                        diagnosis);
            } else {
                e.addSuppressed(new TeardownIncompleteException(List.of(report)));
            }
        }
    }

    /**
     * Step "expose": every hook's {@code afterCreate}, in order. When one fails, a stack this run owns is unwound and
     * torn down (each hook's release and beforeDelete, then DeleteStack), a reuse stack is released and left up, and
     * the hook's exception is thrown.
     */
    Stack expose(Stack stack, PreparedStack prepared, StackHook.Provisioning how) {
        long started = System.nanoTime();
        served.add(stack.stackId());
        try {
            Stack exposed = hooks().afterCreate(stack, prepared, how, (hook, nanos) -> {
                long millis = Duration.ofNanos(nanos).toMillis();
                if (millis > 0) { // a hook that had nothing to do for this stack adds no phase to the report
                    hook.phase().ifPresent(phase -> ledger.addTime(phase, millis));
                }
            });
            ledger.accountedFor(
                    exposed.stackId(),
                    ResourceAccounts.of(context.provisioner().takeVerdicts(exposed.stackId()), exposed));
            return exposed;
        } catch (StackHooks.HookFailure failure) {
            RuntimeException cause = failure.getCause();
            context.provisioner().takeVerdicts(stack.stackId());
            LOG.warn("cloudtest: {}: {}; undoing what the hooks did", stack.name(), failure.getMessage());
            if (ledger.createdHere(stack.stackId())) {
                long millis = ledger.entry(stack.stackId())
                                .map(e -> e.provisionMillis())
                                .orElse(0L)
                        + elapsedMillis(started);
                failed(prepared, stack.stackId(), millis, failure.getMessage(), cause);
            } else {
                hooks().release(stack.stackId());
            }
            served.remove(stack.stackId());
            throw cause;
        }
    }

    /** Step "tear down": release the hooks, empty buckets, delete (ownership verified); recorded in the ledger. */
    public TeardownReport tearDown(String stackId, String name) {
        long started = System.nanoTime();
        served.remove(stackId);
        try {
            TeardownReport report = context.teardown().tearDown(stackId, name, ownership());
            ledger.tornDown(stackId, name, report);
            return report;
        } finally {
            ledger.addTime("teardown", elapsedMillis(started));
        }
    }

    /** What this run may delete: its own run id's stacks, of its own session (JVM) when they carry one. */
    StackTeardown.Ownership ownership() {
        return StackTeardown.ownedByRun(config.runId(), config.sessionId());
    }

    /** Keeps a stack up on purpose: the hooks let go of it and the run will not tear it down. */
    public void keep(String stackId) {
        served.remove(stackId);
        hooks().release(stackId);
        ledger.kept(stackId);
    }

    /** CreateStack was refused (e.g. HTTP 500): the stack may still have been registered; remove it if it is ours. */
    private void cleanUpRejected(String name, RuntimeException failure) {
        try {
            TeardownReport report = context.teardown().tearDown(name, name, ownership());
            if (!report.isClean()) {
                // What is left is a leftover of the run, in its report as well as in the exception.
                ledger.tornDown(name, name, report);
                failure.addSuppressed(new TeardownIncompleteException(List.of(report)));
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The stack of this name, unless it does not exist or is deleted. */
    Optional<software.amazon.awssdk.services.cloudformation.model.Stack> describeLive(String name) {
        return StackLookup.live(cfn(), name);
    }

    /** A fresh timestamp for tags, to the second. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The run closed: the hooks let go of every stack they still serve (reuse stacks stay up). */
    public void closed() {
        shutdown.disarm();
        served.forEach(hooks()::release);
        served.clear();
    }

    /**
     * The local function of the stack with this logical id.
     *
     * @throws IllegalArgumentException saying why there is none
     */
    public LocalFunction localFunction(Stack stack, String logicalId) {
        return hooks().find(LocalFunctionSource.class)
                .orElseThrow(() -> new IllegalArgumentException("Stack " + stack.name() + " runs no local functions."))
                .localFunction(stack, logicalId);
    }

    /**
     * The stack's schedule with this logical id.
     *
     * @throws IllegalArgumentException saying why there is none
     */
    public dev.cloudtest.core.Schedule schedule(Stack stack, String logicalId) {
        return hooks().find(LocalFunctionSource.class)
                .orElseThrow(() -> new IllegalArgumentException("Stack " + stack.name() + " has no schedules here."))
                .schedule(stack, logicalId);
    }

    private CloudFormationClient cfn() {
        return context.session().client(CloudFormationClient.class);
    }

    static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
