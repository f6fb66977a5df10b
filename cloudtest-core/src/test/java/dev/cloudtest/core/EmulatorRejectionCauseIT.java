package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ProvisioningFailedException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * When moto still answers HTTP 500 (here with the fidelity check off), the error names the cause moto logged — its
 * exception line and where it was raised — not only "properties it cannot process".
 */
class EmulatorRejectionCauseIT {
    @Test
    void an_http_500_names_the_exception_moto_logged() {
        CloudTestConfig config = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.TARGET, "emulator")
                .set(CloudTestConfig.LINT, "off")
                .set(CloudTestConfig.RUN_ID, "it-" + dev.cloudtest.core.internal.naming.RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it")
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("rejected")
                            .templateBody(
                                    """
                                    Resources:
                                      OrdersQueue:
                                        Type: AWS::SQS::Queue
                                        Properties:
                                          Tags: [{Key: dlq, Value: !Ref OrdersDeadLetters}]
                                    """)
                            .build()))
                    .isInstanceOf(ProvisioningFailedException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("moto logged KeyError: 'OrdersDeadLetters'")
                    .hasMessageContaining("moto/cloudformation/parsing.py")
                    .hasMessageContaining("emulator-");
        }
    }
}
