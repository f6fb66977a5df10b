package dev.cloudtest.junit5;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.internal.ClassPlan;
import dev.cloudtest.junit5.internal.ClassStacks;
import dev.cloudtest.junit5.internal.Declarations;
import dev.cloudtest.junit5.internal.FailureDiagnosis;
import dev.cloudtest.junit5.internal.InjectionPoint;
import dev.cloudtest.junit5.internal.RunConfiguration;
import dev.cloudtest.junit5.internal.RunHolder;
import dev.cloudtest.junit5.internal.StackDeclaration;
import dev.cloudtest.junit5.internal.StackDiagnosis;
import dev.cloudtest.junit5.internal.TemplateLocation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension behind {@link CloudStack}: provisions a test class's stacks through one
 * {@link dev.cloudtest.core.CloudTestRun} per test run, injects what the tests need, tears the stacks down (or keeps
 * them, per {@code cloudtest.keep}), and attaches the stacks' events and logs to failed tests.
 *
 * <h2>Two ways in</h2>
 *
 * The annotation for the common case, and a builder on a {@code static} {@link RegisterExtension} field for stacks
 * built in code and for configuration:
 *
 * <pre>{@code
 * class OrdersJourneyIT {
 *     @RegisterExtension
 *     static CloudTestExtension cloud = CloudTestExtension.builder()
 *             .stack(StackSpec.builder().template(Path.of("infra/orders.yaml")).parameter("Stage", "test").build())
 *             .config(c -> c.set(CloudTestConfig.KEEP, "on-failure"))
 *             .build();
 *
 *     @Test
 *     void accepts_an_order(@Output("ApiUrl") URI api, SqsClient sqs) { ... }
 * }
 * }</pre>
 *
 * The registered instance is also the class's handle, from {@code @BeforeAll} methods to {@code @AfterAll} ones:
 * {@code cloud.stack("orders").output("ApiUrl")}, {@code cloud.probes()}, {@code cloud.session()}, {@code
 * cloud.localFunction("orders", "PlaceOrderFunction")}.
 *
 * <p>Both can be combined: the stacks of {@code @CloudStack} annotations and of the builder add up. The field must be
 * static (stacks are provisioned before any test instance exists), and there is at most one per class.
 *
 * <h2>What is injected</h2>
 *
 * Into parameters of constructors, lifecycle and test methods, by type: the {@link Stack} (name, outputs, physical
 * ids, its session's region and account), the journey toolkit's {@link dev.cloudtest.core.journey.Probes}, and any SDK v2 client (a
 * subtype of {@code software.amazon.awssdk.core.SdkClient}, e.g. {@code S3Client}; cached and closed by cloudtest), and with an annotation: {@link Output} ({@code String} or
 * {@code URI}) and {@link StackResource} ({@code String}). Into fields, static or instance, the same types when the field is
 * annotated with {@link Output}, {@link StackResource} or {@link StackRef}; static fields are set before
 * {@code @BeforeAll} methods run, instance fields when a test instance is created. Instance fields work for shared
 * stacks too: every instance gets the same values. With several stacks, {@link StackRef} says which one. Misuse (an
 * unsupported type, an unknown or missing stack id, several stacks without ids, a final field) fails the class before
 * anything is provisioned; an output key the stack does not have fails with the keys it has.
 *
 * <h2>Configuration</h2>
 *
 * cloudtest's usual sources ({@link CloudTestConfig}: system properties, {@code CLOUDTEST_*} environment variables,
 * {@code cloudtest.properties}), plus JUnit configuration parameters: every {@code cloudtest.*} key set in
 * {@code junit-platform.properties}, the launcher request or as a system property is applied as an explicit setting
 * (handy in an IDE), and the builder's {@link Builder#config(Consumer)} wins over all of them. Classes with the same
 * resulting configuration share one run (one target, one report); a class with different settings gets its own run.
 *
 * <h2>Keep, skip, diagnose</h2>
 *
 * <ul>
 *   <li>{@code cloudtest.keep=on-failure} keeps a class's stacks when any of its tests or lifecycle methods failed.
 *   <li>Without a usable target the class fails with the reason; with {@code cloudtest.skip-without-target=true}
 *       or {@code @CloudStack(skipWithoutTarget = true)} it is disabled (every test skipped) instead, and the reason
 *       is printed.
 *   <li>When a test fails, the last events of its stacks and the CloudWatch Logs lines of the stacks' log groups and
 *       Lambda functions during the test are published as report entries ({@code cloudtest.<stack id>.events},
 *       {@code cloudtest.<stack id>.logs}) and attached to the failure as a suppressed exception.
 * </ul>
 *
 * <p>Safe under parallel execution: all state lives in the {@link ExtensionContext.Store} under one namespace.
 */
public final class CloudTestExtension
        implements ExecutionCondition,
                BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                TestInstancePostProcessor,
                ParameterResolver,
                TestExecutionExceptionHandler,
                LifecycleMethodExecutionExceptionHandler,
                TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CloudTestExtension.class);
    private static final String TEST_STARTED = "test-started";

    private final boolean programmatic;
    private final List<StackSpecEntry> stacks;
    private final List<Consumer<CloudTestConfig.Builder>> config;
    /** The stacks of the classes that declare this registered instance's field, while they run. */
    private final Map<Class<?>, ClassStacks> bound = new java.util.concurrent.ConcurrentHashMap<>();

    /** The extension as registered by {@link CloudStack}; stacks come from the annotations. */
    public CloudTestExtension() {
        this(false, List.of(), List.of());
    }

    private CloudTestExtension(
            boolean programmatic, List<StackSpecEntry> stacks, List<Consumer<CloudTestConfig.Builder>> config) {
        this.programmatic = programmatic;
        this.stacks = List.copyOf(stacks);
        this.config = List.copyOf(config);
    }

    /** A builder for a {@link RegisterExtension} field. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- class level --------------------------------------------------------------------------------------------

    /**
     * Checks the class's declarations and starts (or joins) the run. Without a usable target the class fails (in
     * {@code beforeAll}), or is disabled with the reason when it {@linkplain CloudStack#skipWithoutTarget() skips}.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || !isPrimary(context)) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        ClassStacks classStacks;
        try {
            classStacks = classStacks(context);
        } catch (PreconditionViolationException | ExtensionConfigurationException | ConfigurationException e) {
            // Reported by beforeAll as it is: JUnit would wrap it in a ConditionEvaluationException here.
            return ConditionEvaluationResult.enabled("cloudtest reports the misuse when the class starts");
        }
        try {
            classStacks.holder().run();
            return ConditionEvaluationResult.enabled("cloudtest target available");
        } catch (ConfigurationException e) {
            // E.g. a Jackson that cannot work: beforeAll fails the class with it, unwrapped, as with misuse above.
            return ConditionEvaluationResult.enabled(
                    "cloudtest reports the configuration problem when the class starts");
        } catch (TargetUnavailableException e) {
            if (!classStacks.skipsWithoutTarget()) {
                // beforeAll fails the class with it, unwrapped (a condition's exception would be wrapped).
                return ConditionEvaluationResult.enabled("no usable target: the class fails in beforeAll");
            }
            return ConditionEvaluationResult.disabled(ClassStacks.skipReason(context.getRequiredTestClass(), e));
        }
    }

    /** Provisions the class's stacks and injects static fields; a registered instance becomes their handle. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (isPrimary(context)) {
            ClassStacks classStacks = classStacks(context);
            classStacks.ensureProvisioned();
            if (programmatic
                    && registeredInstances(context.getRequiredTestClass()).contains(this)) {
                bound.put(context.getRequiredTestClass(), classStacks);
            }
        }
    }

    /** The class has ended: its stacks are no longer reachable through this instance. */
    @Override
    public void afterAll(ExtensionContext context) {
        bound.remove(context.getRequiredTestClass());
    }

    // ---- the registered instance as a handle --------------------------------------------------------------------

    /**
     * The stack of this id ({@link StackSpec#id()}), e.g. {@code cloud.stack("orders").output("ApiUrl")}.
     *
     * @throws IllegalStateException outside the class's run (before {@code @BeforeAll}, after {@code @AfterAll}), or
     *     on the annotation's instance
     * @throws IllegalArgumentException for an id the class does not declare, naming the ids it does
     */
    public Stack stack(String id) {
        Map<String, Stack> byId = handle("stack(\"" + id + "\")").stacksById();
        Stack stack = byId.get(id);
        if (stack == null) {
            throw new IllegalArgumentException(
                    "No stack '" + id + "' in this class. Its stacks: " + byId.keySet() + ".");
        }
        return stack;
    }

    /**
     * The class's only stack.
     *
     * @throws IllegalStateException as {@link #stack(String)}, and when the class has several stacks
     */
    public Stack stack() {
        Map<String, Stack> byId = handle("stack()").stacksById();
        if (byId.size() != 1) {
            throw new IllegalStateException("This class has " + byId.size() + " stacks " + byId.keySet()
                    + ": say which, e.g. cloud.stack(\""
                    + byId.keySet().stream().findFirst().orElse("id")
                    + "\").");
        }
        return byId.values().iterator().next();
    }

    /** The journey toolkit of the run: queue, topic, event bus and log probes that clean up after themselves. */
    public Probes probes() {
        return handle("probes()").holder().run().probes();
    }

    /** The run's session: SDK clients for the target, its account and region. */
    public CloudSession session() {
        return handle("session()").holder().run().session();
    }

    /**
     * A Java function of a stack as cloudtest runs it locally, to invoke directly, e.g. {@code
     * cloud.localFunction("orders", "PlaceOrderFunction").invoke(event)}.
     *
     * @throws IllegalArgumentException when the function does not run locally, saying why
     */
    public LocalFunction localFunction(String stackId, String logicalId) {
        return handle("localFunction(..)").holder().run().localFunction(stack(stackId), logicalId);
    }

    private ClassStacks handle(String call) {
        if (!programmatic) {
            throw new IllegalStateException("cloud." + call + " works on a registered extension: "
                    + "@RegisterExtension static CloudTestExtension cloud = CloudTestExtension.builder()...build().");
        }
        List<ClassStacks> running = List.copyOf(bound.values());
        if (running.isEmpty()) {
            throw new IllegalStateException("cloud." + call + " is available while the class runs: from its "
                    + "@BeforeAll methods until its @AfterAll methods, once the stacks are provisioned. Before that "
                    + "(a static initializer), inject the value instead, e.g. @Output(\"ApiUrl\") static URI api.");
        }
        if (running.size() > 1) {
            throw new IllegalStateException("cloud." + call + " is ambiguous: the field is shared by "
                    + bound.keySet().stream().map(Class::getName).sorted().toList()
                    + ", running at the same time. Give each class a field of its own, or use injection.");
        }
        return running.get(0);
    }

    // ---- instances and parameters -------------------------------------------------------------------------------

    /** Injects instance fields. */
    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        requireStaticRegistration(context);
        if (isPrimary(context)) {
            classStacks(classContext(context)).injectInstance(testInstance);
        }
    }

    /** Whether the parameter is one of the types or annotations this extension injects. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
        if (!isPrimary(context)) {
            return false;
        }
        return parameterPoint(parameterContext).isPresent();
    }

    /** The value for the parameter. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        InjectionPoint point = parameterPoint(parameterContext)
                .orElseThrow(() -> new ParameterResolutionException("not a cloudtest parameter"));
        try {
            return classStacks(classContext(context)).resolve(point);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static Optional<InjectionPoint> parameterPoint(ParameterContext parameterContext) {
        return InjectionPoint.ofParameter(
                parameterContext.getParameter(),
                ClassPlan.describe(parameterContext.getParameter(), parameterContext.getDeclaringExecutable()));
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    /** Remembers when the test started, for the log window of a failure's diagnosis. */
    @Override
    public void beforeEach(ExtensionContext context) {
        requireStaticRegistration(context);
        context.getStore(NAMESPACE).put(TEST_STARTED, Instant.now());
    }

    /** Marks the class failed and attaches the stacks' events and logs to the failure; rethrows it. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (isPrimary(context) && !(throwable instanceof TestAbortedException)) {
            findClassStacks(context).ifPresent(classStacks -> {
                classStacks.markFailed();
                diagnose(context, classStacks, throwable);
            });
        }
        throw throwable;
    }

    private static void diagnose(ExtensionContext context, ClassStacks classStacks, Throwable throwable) {
        Instant started = Optional.ofNullable(context.getStore(NAMESPACE).get(TEST_STARTED, Instant.class))
                .orElseGet(Instant::now);
        FailureDiagnosis diagnosis = FailureDiagnosis.gather(classStacks.stacksById(), started, Instant.now());
        diagnosis.reportEntries().forEach(context::publishReportEntry);
        throwable.addSuppressed(new StackDiagnosis(diagnosis.summary()));
    }

    /** Marks the class failed; rethrows. */
    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        markFailed(context, throwable);
        throw throwable;
    }

    /** Marks the class failed; rethrows. */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        markFailed(context, throwable);
        throw throwable;
    }

    /** Marks the class failed; rethrows. */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        markFailed(context, throwable);
        throw throwable;
    }

    /** Marks the class failed; rethrows. */
    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        markFailed(context, throwable);
        throw throwable;
    }

    /** Marks the class failed (also for failures this extension did not see, e.g. from other extensions). */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        markFailed(context, cause);
    }

    private void markFailed(ExtensionContext context, Throwable throwable) {
        if (isPrimary(context) && !(throwable instanceof TestAbortedException)) {
            findClassStacks(context).ifPresent(ClassStacks::markFailed);
        }
    }

    // ---- state --------------------------------------------------------------------------------------------------

    /** The class's stacks, planned (and checked) on first use; nothing is provisioned here. */
    private ClassStacks classStacks(ExtensionContext classContext) {
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        Class<?> testClass = classContext.getRequiredTestClass();
        // Keyed by class: a @Nested class's store would otherwise find its enclosing class's entry.
        return getOrCompute(store, testClass, () -> createClassStacks(classContext, testClass));
    }

    private ClassStacks createClassStacks(ExtensionContext classContext, Class<?> testClass) {
        List<StackDeclaration> declarations = new ArrayList<>(Declarations.fromAnnotations(testClass, templates()));
        List<CloudTestExtension> registered = registeredInstances(testClass);
        List<Consumer<CloudTestConfig.Builder>> settings = new ArrayList<>();
        for (CloudTestExtension extension : registered) {
            extension.stacks.forEach(s -> declarations.add(s.declaration(testClass)));
            settings.addAll(extension.config);
        }
        Optional<ClassStacks> enclosing =
                declarations.isEmpty() ? enclosingClassStacks(classContext) : Optional.empty();
        ClassPlan plan = ClassPlan.of(
                testClass, declarations, enclosing.map(e -> e.plan().stackIds()).orElse(List.of()));
        RunHolder holder;
        if (enclosing.isPresent()) {
            holder = enclosing.get().holder();
        } else {
            CloudTestConfig config = RunConfiguration.build(classContext::getConfigurationParameter, settings);
            ExtensionContext.Store root = classContext.getRoot().getStore(NAMESPACE);
            // One run per configuration: classes with equal settings share the run, its target and its report.
            holder = getOrCompute(root, new RunKey(config.values()), () -> new RunHolder(config));
        }
        return new ClassStacks(plan, holder, enclosing.orElse(null), classContext::getExecutionException);
    }

    private Optional<ClassStacks> enclosingClassStacks(ExtensionContext classContext) {
        Optional<ExtensionContext> parent = classContext.getParent();
        while (parent.isPresent() && parent.get().getTestClass().isPresent()) {
            ExtensionContext candidate = parent.get();
            if (candidate.getTestMethod().isEmpty()) {
                ClassStacks stacks =
                        candidate.getStore(NAMESPACE).get(candidate.getRequiredTestClass(), ClassStacks.class);
                if (stacks != null) {
                    return Optional.of(stacks);
                }
            }
            parent = candidate.getParent();
        }
        return Optional.empty();
    }

    private Optional<ClassStacks> findClassStacks(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return Optional.ofNullable(
                classContext.getStore(NAMESPACE).get(classContext.getRequiredTestClass(), ClassStacks.class));
    }

    private static TemplateLocation templates() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CloudTestExtension.class.getClassLoader();
        }
        return new TemplateLocation(loader, Path.of("").toAbsolutePath());
    }

    @SuppressWarnings({"deprecation", "unchecked"}) // getOrComputeIfAbsent: the one variant JUnit 5.14 and 6 share
    private static <T> T getOrCompute(ExtensionContext.Store store, Object key, java.util.function.Supplier<T> value) {
        return (T) store.getOrComputeIfAbsent(key, k -> value.get());
    }

    /** The nearest class-level context (method contexts and, for nested classes, their own class context). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    // ---- registration -------------------------------------------------------------------------------------------

    /**
     * Several instances can be registered for one class (the annotation's and a {@link RegisterExtension} field's);
     * exactly one of them acts, so that stacks are provisioned once and parameters have one resolver: the registered
     * field's instance when there is one, else the annotation's.
     */
    private boolean isPrimary(ExtensionContext context) {
        List<CloudTestExtension> registered = registeredInstancesInScope(context.getRequiredTestClass());
        return registered.isEmpty() ? !programmatic : registered.get(0) == this;
    }

    private static List<CloudTestExtension> registeredInstancesInScope(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            List<CloudTestExtension> found = registeredInstances(c);
            if (!found.isEmpty()) {
                return found;
            }
            if (Modifier.isStatic(c.getModifiers())) {
                break;
            }
        }
        return List.of();
    }

    private static List<CloudTestExtension> registeredInstances(Class<?> testClass) {
        List<Field> fields = ReflectionSupport.findFields(
                testClass,
                f -> Modifier.isStatic(f.getModifiers())
                        && f.isAnnotationPresent(RegisterExtension.class)
                        && CloudTestExtension.class.isAssignableFrom(f.getType()),
                HierarchyTraversalMode.TOP_DOWN);
        if (fields.size() > 1) {
            throw new ExtensionConfigurationException(testClass.getName()
                    + " registers CloudTestExtension in " + fields.size() + " fields "
                    + fields.stream().map(Field::getName).toList()
                    + ". Register one and give it all stacks and settings.");
        }
        List<CloudTestExtension> instances = new ArrayList<>();
        for (Field field : fields) {
            Object value = ReflectionSupport.tryToReadFieldValue(field, null)
                    .toOptional()
                    .orElse(null);
            if (value instanceof CloudTestExtension extension) {
                instances.add(extension);
            }
        }
        return instances;
    }

    private void requireStaticRegistration(ExtensionContext context) {
        if (programmatic
                && !registeredInstancesInScope(context.getRequiredTestClass()).contains(this)) {
            throw new ExtensionConfigurationException("CloudTestExtension is registered in a non-static "
                    + "@RegisterExtension field of "
                    + context.getRequiredTestClass().getName()
                    + ". Make the field static: stacks are provisioned once per class, before any test instance "
                    + "exists.");
        }
    }

    /** Root-store key of a run: its configuration values. */
    private record RunKey(Map<String, String> values) {}

    /** A stack given to the builder. */
    private record StackSpecEntry(StackSpec spec, StackLifecycle lifecycle) {
        StackDeclaration declaration(Class<?> testClass) {
            return new StackDeclaration(
                    spec,
                    lifecycle,
                    true,
                    "CloudTestExtension.builder().stack(" + spec + ") in " + testClass.getName());
        }
    }

    /**
     * Builds a {@link CloudTestExtension} for a static {@link RegisterExtension} field. Stacks added here come in
     * addition to the class's {@link CloudStack} annotations.
     */
    public static final class Builder {
        private final List<StackSpecEntry> stacks = new ArrayList<>();
        private final List<Consumer<CloudTestConfig.Builder>> config = new ArrayList<>();

        private Builder() {}

        /** A stack for the class ({@link StackLifecycle#PER_CLASS}). */
        public Builder stack(StackSpec spec) {
            return stack(spec, StackLifecycle.PER_CLASS);
        }

        /** A stack with the given lifecycle. */
        public Builder stack(StackSpec spec, StackLifecycle lifecycle) {
            stacks.add(new StackSpecEntry(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(lifecycle)));
            return this;
        }

        /**
         * Configuration settings, applied after (and winning over) every other source, e.g.
         * {@code config(c -> c.set(CloudTestConfig.KEEP, "on-failure"))}. May be called several times.
         */
        public Builder config(Consumer<CloudTestConfig.Builder> settings) {
            config.add(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** The extension. */
        public CloudTestExtension build() {
            return new CloudTestExtension(true, stacks, config);
        }
    }
}
