package dev.cloudtest.core.hooks;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.internal.hook.HookContext;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.StackHookProvider;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Two fake stack hooks, registered only through {@code META-INF/services} in test resources (no production code names
 * them), that record every step they are called at. They act only for the run ids a test {@link #enable enables}, so
 * the rest of the module's tests never see them. The first hook creates a real SQS queue in {@code afterCreate} and
 * removes it in {@code beforeDelete}, so a test can see that an unwind really undoes it; the second can be told to
 * fail in {@code afterCreate}.
 */
public final class RecordingHooks {
    private static final Map<String, Recorder> ENABLED = new ConcurrentHashMap<>();

    private RecordingHooks() {}

    /** What the hooks of one run did, in order: {@code first.check}, {@code second.afterCreate:CREATED}, ... */
    public static final class Recorder {
        private final List<String> calls = new CopyOnWriteArrayList<>();
        private final boolean secondFailsAfterCreate;

        Recorder(boolean secondFailsAfterCreate) {
            this.secondFailsAfterCreate = secondFailsAfterCreate;
        }

        /** The calls so far. */
        public List<String> calls() {
            return List.copyOf(calls);
        }

        /** Forgets the calls so far. */
        public void clear() {
            calls.clear();
        }
    }

    /** Turns the hooks on for a run id; {@code secondFailsAfterCreate} makes the second hook throw after creation. */
    public static Recorder enable(String runId, boolean secondFailsAfterCreate) {
        Recorder recorder = new Recorder(secondFailsAfterCreate);
        ENABLED.put(runId, recorder);
        return recorder;
    }

    /** Turns the hooks off for a run id. */
    public static void disable(String runId) {
        ENABLED.remove(runId);
    }

    /** The name of the queue the first hook creates for a stack. */
    public static String queueOf(String stackName) {
        return stackName + "-hook";
    }

    private static Optional<StackHook> create(HookContext context, String name) {
        Recorder recorder = ENABLED.get(context.config().runId());
        return recorder == null ? Optional.empty() : Optional.of(new Recording(name, recorder, context));
    }

    /** The first hook's provider (see {@code META-INF/services}). */
    public static final class First implements StackHookProvider {
        @Override
        public Optional<StackHook> create(HookContext context) {
            return RecordingHooks.create(context, "first");
        }
    }

    /** The second hook's provider. */
    public static final class Second implements StackHookProvider {
        @Override
        public Optional<StackHook> create(HookContext context) {
            return RecordingHooks.create(context, "second");
        }
    }

    private static final class Recording implements StackHook {
        private final String name;
        private final Recorder recorder;
        private final HookContext context;
        /** Queues the first hook created, by stack id. */
        private final Map<String, String> queues = new ConcurrentHashMap<>();

        Recording(String name, Recorder recorder, HookContext context) {
            this.name = name;
            this.recorder = recorder;
            this.context = context;
        }

        private void record(String step) {
            recorder.calls.add(name + "." + step);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> describe(PreparedStack stack) {
            record("describe");
            return List.of("would record " + stack.name());
        }

        @Override
        public void check(PreparedStack stack) {
            record("check");
        }

        @Override
        public Template beforeCreate(PreparedStack stack, Template template) {
            record("beforeCreate");
            return template;
        }

        @Override
        public Optional<String> acceptMissing(Template.Resource resource, PreparedStack stack) {
            record("acceptMissing:" + resource.logicalId());
            return name.equals("second") ? Optional.of("the fake hook accepts it") : Optional.empty();
        }

        @Override
        public Optional<String> hintForMissing(Set<String> types, PreparedStack stack) {
            record("hintForMissing");
            return Optional.empty();
        }

        @Override
        public Stack afterCreate(Stack stack, PreparedStack prepared, Provisioning how) {
            record("afterCreate:" + how);
            if (name.equals("first")) {
                String url = context.session()
                        .client(SqsClient.class)
                        .createQueue(r -> r.queueName(queueOf(stack.name())))
                        .queueUrl();
                queues.put(stack.stackId(), url);
            }
            if (name.equals("second") && recorder.secondFailsAfterCreate) {
                throw new IllegalStateException("the second fake hook fails after create");
            }
            return stack;
        }

        @Override
        public void release(String stackId) {
            record("release");
        }

        @Override
        public void beforeDelete(String stackId) {
            record("beforeDelete");
            String url = queues.remove(stackId);
            if (url != null) {
                context.session().client(SqsClient.class).deleteQueue(r -> r.queueUrl(url));
            }
        }
    }
}
