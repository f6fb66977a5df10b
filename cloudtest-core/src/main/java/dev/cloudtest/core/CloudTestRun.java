package dev.cloudtest.core;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.pipeline.BuildEmulator;
import dev.cloudtest.core.internal.pipeline.JacksonCheck;
import dev.cloudtest.core.internal.pipeline.Preflight;
import dev.cloudtest.core.internal.pipeline.RunLedger;
import dev.cloudtest.core.internal.pipeline.StackPipeline;
import dev.cloudtest.core.internal.pipeline.SweepOperation;
import dev.cloudtest.core.internal.pipeline.TargetContext;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.core.report.CheckReport;
import dev.cloudtest.core.report.RunReport;
import dev.cloudtest.core.report.TeardownReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

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
 *
 * <p>This class is a facade over the run's pipeline ({@code internal.pipeline}): the README's architecture section
 * lists its steps and the stack hooks that plug into them.
 */
public final class CloudTestRun implements AutoCloseable {
    private static final Logger LOG = Loggers.get(CloudTestRun.class);

    private final CloudTestConfig config;
    private final TargetContext context;
    private final RunLedger ledger;
    private final StackPipeline pipeline;
    private volatile boolean closed;

    private CloudTestRun(CloudTestConfig config, TargetContext context, RunLedger ledger) {
        this.config = config;
        this.context = context;
        this.ledger = ledger;
        this.pipeline = new StackPipeline(context, ledger);
    }

    /**
     * Resolves the target (starting an emulator when that is the target) and runs the account, region, alias and
     * marker guards. Makes no mutating call.
     *
     * @throws TargetUnavailableException when no target is usable (the message says how to get one)
     * @throws GuardViolationException when a guard refuses the target
     * @throws ConfigurationException when the Jackson on the classpath is too old or its jars do not work together
     */
    public static CloudTestRun start(CloudTestConfig config) {
        JacksonCheck.require(); // before anything touches Jackson: a mismatch fails with what to change
        for (String unknown : config.unknownKeys()) {
            LOG.warn(
                    "cloudtest: unknown configuration key '{}' is ignored ({}).",
                    unknown,
                    CloudTestConfig.retiredKeyHint(unknown)
                            .orElse("a typo? Known keys are listed in the README's configuration table"));
        }
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        CloudTestConfig joined = BuildEmulator.join(config);
        TargetContext context = TargetContext.open(joined);
        RunLedger ledger = new RunLedger(startedAt);
        ledger.addTime("target", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        CloudTestRun run = new CloudTestRun(joined, context, ledger);
        if (joined.bool(CloudTestConfig.SWEEP_ON_START, false)) {
            Sweeper.onStart(run.sweeper(), joined);
        }
        return run;
    }

    /**
     * A preflight check that makes no mutating call: resolves the target, runs every guard (account, region, alias,
     * marker), parses and validates each template and its parameters, runs the same checks a run's stack hooks would,
     * lints names, and checks that no stack already has a name the specs would use. Collects every problem instead of
     * stopping at the first, and says what cloudtest would do for each stack on this target.
     *
     * @return the target, the stacks that would be provisioned, warnings and violations
     */
    public static CheckReport check(CloudTestConfig config, List<StackSpec> specs) {
        return Preflight.check(config, specs);
    }

    /** A sweeper for expired leftovers on this run's (guarded) target; see {@link Sweeper}. */
    public Sweeper sweeper() {
        ensureOpen();
        return Sweeper.on(new SweepOperation(context), config);
    }

    /** The configuration of this run. */
    public CloudTestConfig config() {
        return config;
    }

    /** The resolved target. */
    public CloudSession session() {
        return context.session();
    }

    /** The journey toolkit's probes, creating their temporary resources with this run's ownership tags. */
    public Probes probes() {
        return Probes.of(context.session(), config);
    }

    /** This run's id. */
    public String runId() {
        return config.runId();
    }

    /**
     * Provisions a stack and waits until it is complete and verified: attached to when {@code cloudtest.attach} names
     * it, taken over from the build's {@code provision} goal when it created the same spec, reused with {@code
     * cloudtest.reuse}, else created. Bad input fails before anything is created; a stack that fails is torn down
     * (unless {@code cloudtest.keep} keeps failures) before the exception is thrown.
     *
     * @throws ConfigurationException for a missing or invalid template or parameters
     * @throws GuardViolationException when a guard refuses (e.g. the name is taken by a stack cloudtest doesn't own)
     * @throws ProvisioningFailedException with a diagnosis when CloudFormation (or the emulator) fails the stack
     */
    public Stack provision(StackSpec spec) {
        ensureOpen();
        return pipeline.provision(spec);
    }

    /**
     * Attaches to an existing stack (deployment pipelines): reads its outputs and resources; the stack is never
     * updated or deleted by this run.
     *
     * @throws ConfigurationException when no such stack exists or it is not in a completed state
     */
    public Stack attach(String stackName) {
        ensureOpen();
        return pipeline.attach(stackName);
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
        return pipeline.provisionOrReuse(spec, reuseName);
    }

    /**
     * A Java Lambda function of the stack, running locally ({@link CloudTestConfig#LOCAL_FUNCTIONS}), e.g. to invoke
     * it directly. Its SQS event sources are polled for it already.
     *
     * @param logicalId the function's logical id in the template
     * @throws IllegalArgumentException naming the local functions when the stack has no such local function
     */
    public LocalFunction localFunction(Stack stack, String logicalId) {
        return pipeline.localFunction(stack, logicalId);
    }

    /**
     * A schedule of the stack (a rule with a {@code ScheduleExpression} or an {@code AWS::Scheduler::Schedule}), to
     * {@link Schedule#fire() fire} now.
     *
     * @param logicalId the rule's or schedule's logical id in the template
     * @throws IllegalArgumentException naming the stack's schedules when it has no such schedule
     */
    public Schedule schedule(Stack stack, String logicalId) {
        return pipeline.schedule(stack, logicalId);
    }

    /**
     * Tears a stack down now (ownership verified before every delete).
     *
     * @return what was removed and what is left
     * @throws GuardViolationException when the stack does not carry this run's id
     */
    public TeardownReport teardown(Stack stack) {
        return pipeline.tearDown(stack.stackId(), stack.name());
    }

    /**
     * Applies {@code cloudtest.keep} to a stack whose tests ended: keeps it (logging where to find it) or tears it
     * down. A stack this run did not create (attached, reused, or handed over by the build) is left as it is.
     *
     * @param failed whether any of the stack's tests (or their setup) failed
     * @return the teardown report, or empty when the stack was kept
     */
    public Optional<TeardownReport> release(Stack stack, boolean failed) {
        return release(stack, failed, config.keep());
    }

    /**
     * The same with a policy of the stack's own instead of {@code cloudtest.keep} (e.g. a test class's {@code
     * keep} attribute).
     */
    public Optional<TeardownReport> release(Stack stack, boolean failed, KeepPolicy keep) {
        if (!ledger.createdHere(stack.stackId())) {
            return Optional.empty();
        }
        if (keep.keeps(failed)) {
            pipeline.keep(stack.stackId());
            LOG.warn(
                    "cloudtest: kept stack {} ({}={}{}): {}; it expires at {} and is then removed by the sweeper",
                    stack.name(),
                    keep == config.keep() ? "cloudtest.keep" : "keep",
                    keep.configValue(),
                    failed ? ", tests failed" : "",
                    session().consoleLink(stack.stackId()),
                    stack.expiresAt());
            return Optional.empty();
        }
        return Optional.of(teardown(stack));
    }

    /** The report of this run so far. */
    public RunReport report() {
        return ledger.report(config.runId(), context.session());
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
            for (Map.Entry<String, String> stack : ledger.liveStacks().entrySet()) {
                if (config.keep() == KeepPolicy.ALWAYS) {
                    LOG.warn(
                            "cloudtest: kept stack {} (cloudtest.keep=always): {}",
                            stack.getValue(),
                            session().consoleLink(stack.getKey()));
                    pipeline.keep(stack.getKey());
                    continue;
                }
                TeardownReport report = pipeline.tearDown(stack.getKey(), stack.getValue());
                if (!report.isClean()) {
                    incomplete.add(report);
                }
            }
        } finally {
            pipeline.closed();
            writeReport();
            context.close();
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

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This CloudTestRun is closed; start a new one.");
        }
    }
}
