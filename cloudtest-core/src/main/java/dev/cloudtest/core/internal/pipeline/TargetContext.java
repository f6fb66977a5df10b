package dev.cloudtest.core.internal.pipeline;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.internal.guard.TargetGuard;
import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.stack.StackProvisioner;
import dev.cloudtest.core.internal.stack.StackTeardown;
import dev.cloudtest.core.internal.target.ResolvedTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Everything that belongs to one resolved, guarded target, built once and shared by the run, the preflight check and
 * the sweeper: the session, what kind of emulator it is, the stack hooks for it, and the provisioner and teardown that
 * drive them. Closing it stops an emulator cloudtest started and releases the clients.
 */
public final class TargetContext implements AutoCloseable {
    private final CloudTestConfig config;
    private final ResolvedTarget target;
    private final HookContext hookContext;
    private final StackHooks hooks;
    private final StackProvisioner provisioner;
    private final StackTeardown teardown;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private TargetContext(CloudTestConfig config, ResolvedTarget target) {
        this.config = config;
        this.target = target;
        CloudSession session = target.session();
        this.hookContext = new HookContext(
                config,
                session,
                session.endpoint().map(TargetContext::answersAsMoto).orElse(false),
                target.clients(),
                target.emulatorCallbacks());
        this.hooks = HookRegistry.hooksFor(hookContext);
        this.provisioner = new StackProvisioner(
                config, session, target.clients(), hooks, hookContext.moto(), target.emulatorLog());
        this.teardown = new StackTeardown(session, config.teardownTimeout(), hooks);
    }

    /**
     * Resolves the target (starting an emulator when that is the target) and runs the account, region, alias and
     * marker guards; makes no mutating call.
     *
     * @throws dev.cloudtest.core.exception.TargetUnavailableException when no target is usable
     * @throws dev.cloudtest.core.exception.GuardViolationException when a guard refuses the target
     */
    public static TargetContext open(CloudTestConfig config) {
        ResolvedTarget target = ResolvedTarget.resolve(config);
        try {
            TargetGuard.check(config, target.session());
            return new TargetContext(config, target);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** A context on a target that is resolved already and whose guards the caller has run. */
    static TargetContext of(CloudTestConfig config, ResolvedTarget target) {
        return new TargetContext(config, target);
    }

    /** The configuration. */
    public CloudTestConfig config() {
        return config;
    }

    /** The resolved target. */
    public CloudSession session() {
        return target.session();
    }

    /** Whether the target is an emulator, not AWS. */
    public boolean emulated() {
        return hookContext.emulated();
    }

    /** The target's stack hooks. */
    public StackHooks hooks() {
        return hooks;
    }

    /** Creates and updates stacks on this target. */
    public StackProvisioner provisioner() {
        return provisioner;
    }

    /** Deletes stacks on this target. */
    public StackTeardown teardown() {
        return teardown;
    }

    /** Stops an emulator cloudtest started for this target and closes the clients. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            hooks.targetClosed();
            provisioner.close();
        } finally {
            target.close();
        }
    }

    /** A moto server answers {@code GET /moto-api/}; asked once per target. */
    private static boolean answersAsMoto(URI endpoint) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
}
