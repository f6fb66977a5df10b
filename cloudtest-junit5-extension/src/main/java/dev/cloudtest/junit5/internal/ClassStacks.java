package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.StackLifecycle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;

/**
 * The stacks of one test class, kept in the class's store: provisioned once (from {@code beforeAll}, or earlier when a
 * {@code PER_CLASS} test instance needs them), released when JUnit closes the class's store — after
 * {@code @AfterAll}, and also when {@code @BeforeAll} or provisioning itself failed. Records whether anything in the
 * class failed, for {@code cloudtest.keep=on-failure}.
 *
 * <p>A {@code @Nested} class without stacks of its own gets a view on its enclosing class's stacks, which it neither
 * provisions nor releases.
 */
public final class ClassStacks implements AutoCloseable {
    private static final Logger LOG = Loggers.get(ClassStacks.class);

    private final ClassPlan plan;
    private final RunHolder holder;
    private final ClassStacks enclosing;
    private final Supplier<Optional<Throwable>> classFailure;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Map<String, Stack> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Stack> owned = Collections.synchronizedList(new ArrayList<>());
    /** Each owned stack's own keep policy, by stack id (empty: {@code cloudtest.keep}). */
    private final Map<String, java.util.Optional<dev.cloudtest.core.KeepPolicy>> keep =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final List<SharedStack> shared = Collections.synchronizedList(new ArrayList<>());
    private boolean provisioned;
    private RuntimeException failure;

    /**
     * The stacks of a class.
     *
     * @param enclosing the enclosing class's stacks, for a {@code @Nested} class without its own; else null
     * @param classFailure the class context's execution exception, read when the class ends
     */
    public ClassStacks(
            ClassPlan plan, RunHolder holder, ClassStacks enclosing, Supplier<Optional<Throwable>> classFailure) {
        this.plan = plan;
        this.holder = holder;
        this.enclosing = enclosing;
        this.classFailure = classFailure;
    }

    /** The plan this class's stacks follow. */
    public ClassPlan plan() {
        return plan;
    }

    /** The holder of the run the stacks belong to. */
    public RunHolder holder() {
        return holder;
    }

    /**
     * Provisions the class's stacks unless that happened already, and injects the static fields.
     *
     * @throws TestAbortedException when no target is usable and the class {@link #skipsWithoutTarget()}
     */
    public synchronized void ensureProvisioned() {
        if (failure != null) {
            throw failure;
        }
        if (provisioned) {
            return;
        }
        try {
            provision();
            provisioned = true;
        } catch (RuntimeException e) {
            // Remembered: a PER_CLASS test instance must not trigger a second attempt after beforeAll failed.
            failure = e;
            throw e;
        }
    }

    private void provision() {
        if (enclosing != null) {
            enclosing.ensureProvisioned();
        } else {
            CloudTestRun run = startRun();
            for (StackDeclaration declaration : plan.declarations()) {
                if (declaration.lifecycle() == StackLifecycle.SHARED) {
                    SharedStack sharedStack = holder.shared(declaration.spec(), declaration.keep());
                    shared.add(sharedStack);
                    stacks.put(declaration.id(), sharedStack.provision(run));
                } else {
                    Stack stack = run.provision(declaration.spec());
                    owned.add(stack);
                    keep.put(stack.stackId(), declaration.keep());
                    stacks.put(declaration.id(), stack);
                }
            }
        }
        for (Map.Entry<Field, InjectionPoint> field : plan.staticFields().entrySet()) {
            inject(field.getKey(), null, field.getValue());
        }
    }

    /**
     * The run of the holder, started when needed; a missing target fails the class, or aborts (skips) it when {@link
     * #skipsWithoutTarget()}.
     */
    private CloudTestRun startRun() {
        try {
            return holder.run();
        } catch (dev.cloudtest.core.exception.TargetUnavailableException e) {
            if (!skipsWithoutTarget()) {
                throw e;
            }
            throw new TestAbortedException(skipReason(plan.testClass(), e), e);
        }
    }

    /**
     * Whether the class is skipped rather than failed without a usable target: {@code cloudtest.skip-without-target}
     * or {@code @CloudStack(skipWithoutTarget = true)}.
     */
    public boolean skipsWithoutTarget() {
        return holder.config().skipWithoutTarget()
                || AnnotationSupport.findRepeatableAnnotations(plan.testClass(), CloudStack.class).stream()
                        .anyMatch(CloudStack::skipWithoutTarget);
    }

    /** Why a class is skipped without a target; also printed, as a skip must never pass unseen. */
    public static String skipReason(Class<?> testClass, dev.cloudtest.core.exception.TargetUnavailableException e) {
        String reason = "cloudtest: no usable target, " + testClass.getName() + " skipped (skipWithoutTarget): "
                + e.getMessage();
        LOG.warn("{}", reason);
        return reason;
    }

    /** Injects the instance fields of a test instance. */
    public void injectInstance(Object instance) {
        ensureProvisioned();
        for (Map.Entry<Field, InjectionPoint> field : plan.instanceFields().entrySet()) {
            if (field.getKey().getDeclaringClass().isInstance(instance)) {
                inject(field.getKey(), instance, field.getValue());
            }
        }
    }

    /** The value for an injection point. */
    public Object resolve(InjectionPoint point) {
        ensureProvisioned();
        return point.resolve(stacksById(), session(), holder.run().probes(), holder.run());
    }

    private void inject(Field field, Object target, InjectionPoint point) {
        Object value = point.resolve(stacksById(), session(), holder.run().probes(), holder.run());
        try {
            ReflectionSupport.makeAccessible(field).set(target, value);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException("Cannot set " + point.description() + ": " + e.getMessage(), e);
        }
    }

    /** The provisioned stacks by id, in declaration order. */
    public Map<String, Stack> stacksById() {
        if (enclosing != null) {
            return enclosing.stacksById();
        }
        synchronized (stacks) {
            return new LinkedHashMap<>(stacks);
        }
    }

    private CloudSession session() {
        return holder.run().session();
    }

    /** Something in the class failed: {@code cloudtest.keep=on-failure} keeps its stacks. */
    public void markFailed() {
        if (enclosing != null) {
            enclosing.markFailed();
            return;
        }
        failed.set(true);
        synchronized (shared) {
            shared.forEach(SharedStack::markFailed);
        }
    }

    /** Whether anything in the class failed so far. */
    public boolean failed() {
        return enclosing != null ? enclosing.failed() : failed.get();
    }

    /** Releases the class's own stacks (applying {@code cloudtest.keep}); shared ones stay for the run's end. */
    @Override
    public void close() {
        if (classFailure.get().filter(t -> !(t instanceof TestAbortedException)).isPresent()) {
            markFailed();
        }
        if (enclosing != null) {
            return;
        }
        List<Stack> toRelease;
        synchronized (owned) {
            toRelease = new ArrayList<>(owned);
            owned.clear();
        }
        RuntimeException first = null;
        for (int i = toRelease.size() - 1; i >= 0; i--) {
            Stack stack = toRelease.get(i);
            try {
                CloudTestRun run = holder.run();
                run.release(
                        stack,
                        failed.get(),
                        keep.getOrDefault(stack.stackId(), java.util.Optional.empty())
                                .orElse(run.config().keep()));
            } catch (RuntimeException e) {
                LOG.warn("cloudtest: releasing stack {} failed: {}", stack.name(), e.getMessage());
                first = RunHolder.add(first, e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
