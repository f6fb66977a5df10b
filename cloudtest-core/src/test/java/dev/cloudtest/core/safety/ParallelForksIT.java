package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * JVMs that share one CI run id — surefire forks, GitHub Actions matrix jobs, two builds of one pipeline — each
 * provision the same spec at the same time: every one must get a stack of its own, and none may touch a sibling's.
 */
class ParallelForksIT {

    @Test
    void four_jvms_with_one_ci_run_id_each_provision_and_tear_down_their_own_stack() throws Exception {
        String ciRun = "7" + (System.nanoTime() % 1_000_000_000L);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("GITHUB_RUN_ID", ciRun);
        environment.put("GITHUB_RUN_ATTEMPT", "1");
        List<ChildJvm> forks = new ArrayList<>();
        try (Moto moto = Moto.start();
                dev.cloudtest.core.CloudTestRun lister = dev.cloudtest.core.CloudTestRun.start(
                        Moto.at(moto.endpoint()).build())) {
            for (int i = 0; i < 4; i++) {
                forks.add(ChildJvm.start(
                        List.of("-Xmx256m"),
                        environment,
                        Path.of("target/cloudtest-it/forks"),
                        "fork",
                        moto.endpoint().toString()));
            }
            List<Map<String, String>> results = new ArrayList<>();
            for (ChildJvm fork : forks) {
                results.add(fork.readUntil("DONE", Duration.ofSeconds(90)));
            }

            assertThat(results.stream().filter(r -> r.containsKey("EXCEPTION")).toList())
                    .as("forks that failed")
                    .isEmpty();
            for (Map<String, String> result : results) {
                assertThat(result.get("RUN_ID")).isEqualTo(ciRun + "-1");
                assertThat(result.get("STACK")).startsWith("ct-orders-" + ciRun + "-1-");
                assertThat(result.get("CLEAN")).isEqualTo("true");
            }
            assertThat(results.stream().map(r -> r.get("STACK")).distinct()).hasSize(4);
            for (ChildJvm fork : forks) {
                fork.close();
            }
            // An independent listing: no stack of this CI run is left.
            assertThat(
                            lister
                                    .session()
                                    .client(CloudFormationClient.class)
                                    .listStacksPaginator()
                                    .stackSummaries()
                                    .stream()
                                    .filter(s -> s.stackName().startsWith("ct-orders-" + ciRun))
                                    .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                                    .toList())
                    .isEmpty();
        } finally {
            for (ChildJvm fork : forks) {
                fork.close();
            }
        }
    }
}
