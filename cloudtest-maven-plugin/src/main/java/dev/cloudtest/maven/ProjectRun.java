package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link CloudTestRun} of one project's build, shared by this plugin's goals: {@code provision} starts it (and
 * with it an emulator when that is the target) and adds stacks, {@code teardown} removes them and closes it.
 *
 * <p>Kept in the plugin context, which Maven holds per project and per plugin for the whole build: the run, and the
 * emulator process it owns, live from the first {@code provision} to {@code teardown} in the same Maven JVM, and
 * projects built in parallel ({@code -T}) each have their own.
 */
final class ProjectRun {
    private static final String KEY = ProjectRun.class.getName();

    private final CloudTestRun run;
    private final List<Stack> stacks = new ArrayList<>();

    private ProjectRun(CloudTestRun run) {
        this.run = run;
    }

    /** The run a previous goal of this project's build started, if any. */
    static Optional<ProjectRun> find(Map<?, ?> pluginContext) {
        return Optional.ofNullable((ProjectRun) pluginContext.get(KEY));
    }

    /** Shares a newly started run with the later goals of this project's build. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ProjectRun share(Map pluginContext, CloudTestRun run) {
        ProjectRun shared = new ProjectRun(run);
        pluginContext.put(KEY, shared);
        return shared;
    }

    /** Forgets the run: it has been closed. */
    static void forget(Map<?, ?> pluginContext) {
        pluginContext.remove(KEY);
    }

    CloudTestRun run() {
        return run;
    }

    /** Records a stack provisioned in this build. */
    synchronized void add(Stack stack) {
        stacks.add(stack);
    }

    /** The stacks provisioned in this build, in order. */
    synchronized List<Stack> stacks() {
        return List.copyOf(stacks);
    }
}
