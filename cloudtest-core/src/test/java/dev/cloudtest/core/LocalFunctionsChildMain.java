package dev.cloudtest.core;

import dev.cloudtest.core.internal.lambda.FunctionProcess;
import dev.cloudtest.core.internal.naming.RunIds;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test JVM for {@link LocalFunctionsLifecycleIT}: provisions a stack with local functions on the given endpoint,
 * prints their JVMs' process ids, and waits to be killed.
 */
public final class LocalFunctionsChildMain {
    private LocalFunctionsChildMain() {}

    public static void main(String[] args) throws Exception {
        CloudTestConfig config = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, args[0])
                .set(CloudTestConfig.RUN_ID, "it-" + RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it")
                .build();
        CloudTestRun run = CloudTestRun.start(config);
        Stack stack = run.provision(StackSpec.builder()
                .templateResource("stacks/local-function-small.yaml")
                .build());
        String pids = Stream.of("Batch", "Order")
                .map(id ->
                        ((FunctionProcess) run.localFunction(stack, id)).pid().orElseThrow())
                .map(String::valueOf)
                .collect(Collectors.joining(" "));
        System.out.println("PIDS " + pids);
        System.out.flush();
        System.in.read(); // until killed
    }
}
