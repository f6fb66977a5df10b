package dev.cloudtest.junit5;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.exception.TargetUnavailableException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * The moto server the extension's ITs run their EngineTestKit runs against: the one the build passes in
 * ({@code -Dcloudtest.endpoint}), else one cloudtest starts itself, once per JVM (kept in the root store). Injected by {@link Resolver}. Without moto the ITs fail.
 */
final class Moto implements AutoCloseable {
    private final CloudTestRun run;

    private Moto(CloudTestRun run) {
        this.run = run;
    }

    /** The parameter resolver (JUnit instantiates it). */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Moto.class;
        }

        @Override
        @SuppressWarnings("deprecation")
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.create(Moto.class))
                    .getOrComputeIfAbsent(Moto.class, k -> start(), Moto.class);
        }
    }

    private static Moto start() {
        Properties system = new Properties();
        String endpoint = System.getProperty("cloudtest.endpoint", "");
        if (!endpoint.isBlank()) {
            system.setProperty("cloudtest.endpoint", endpoint);
        }
        CloudTestConfig config = CloudTestConfig.builder()
                .systemProperties(system)
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.RUN_ID, Kit.newRunId())
                .set(CloudTestConfig.REPORT_DIR, Kit.REPORT_DIR.toString())
                .build();
        try {
            return new Moto(CloudTestRun.start(config));
        } catch (TargetUnavailableException e) {
            // The build always passes moto's endpoint (scripts/test-all.sh); without one these tests fail, never skip.
            throw e;
        }
    }

    /** The endpoint the kit runs use. */
    URI endpoint() {
        return run.session().endpoint().orElseThrow();
    }

    /** CloudFormation on moto. */
    CloudFormationClient cloudFormation() {
        return run.session().client(CloudFormationClient.class);
    }

    /** Every stack (deleted ones included) of a run, by the run id before the session at the end of its name. */
    List<StackSummary> stacksOf(String runId) {
        return cloudFormation().listStacksPaginator(r -> {}).stackSummaries().stream()
                .filter(s -> s.stackName().contains("-" + runId + "-")) // <prefix>-<id>-<run id>-<session>
                .toList();
    }

    @Override
    public void close() {
        run.close();
    }
}
