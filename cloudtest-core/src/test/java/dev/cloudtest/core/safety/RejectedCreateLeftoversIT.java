package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.exception.TeardownIncompleteException;
import dev.cloudtest.core.report.RunReport;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * "leftovers: none" only when a listing says so: moto answers HTTP 500 to a template it cannot process yet keeps the
 * stack registered; when cloudtest then cannot remove it either (DeleteStack refused, injected in front of moto), the
 * stack is a leftover in the run report and in the exception, not silently forgotten.
 */
class RejectedCreateLeftoversIT {
    /** moto 5.2.5 answers HTTP 500 to this CreateStack and keeps the stack in CREATE_IN_PROGRESS. */
    private static final String REJECTED =
            """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  Tags: [{Key: a, Value: !Ref NoSuchParameterOrResource}]
            """;

    @Test
    void a_rejected_stack_that_cannot_be_removed_is_a_leftover_in_the_report_and_the_exception() {
        try (Moto moto = Moto.start();
                FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint());
                CloudTestRun direct =
                        CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            proxy.stubQueryAction(
                    "DeleteStack",
                    500,
                    "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                            + "<Message>injected</Message></Error></ErrorResponse>");
            // The fidelity check would refuse this template before moto sees it; off, moto's 500 is what happens.
            CloudTestConfig config = Moto.at(proxy.endpoint())
                    .set(CloudTestConfig.LINT, "off")
                    // a regression that waits for the half-registered stack fails in seconds, not 30 minutes
                    .set(CloudTestConfig.PROVISION_TIMEOUT, "20s")
                    .build();
            String name;
            try (CloudTestRun run = CloudTestRun.start(config)) {
                assertThatThrownBy(() -> run.provision(StackSpec.builder()
                                .id("rejected")
                                .templateBody(REJECTED)
                                .build()))
                        .isInstanceOf(ProvisioningFailedException.class)
                        .satisfies(e -> assertThat(Arrays.asList(e.getSuppressed()))
                                .anyMatch(s -> s instanceof TeardownIncompleteException));
                // An HTTP 500 to CreateStack is the emulator's answer to the template, not a lost request: a retry
                // would find the half-registered stack, adopt it and wait for it until the stack timeout.
                assertThat(proxy.received(FaultProxy.Operation.query("CreateStack")))
                        .as("CreateStack requests sent")
                        .isEqualTo(1);
                RunReport report = run.report();
                RunReport.StackEntry entry = report.stacks().get(0);
                name = entry.name();

                List<StackSummary> left =
                        direct
                                .session()
                                .client(CloudFormationClient.class)
                                .listStacksPaginator()
                                .stackSummaries()
                                .stream()
                                .filter(s -> s.stackName().equals(name))
                                .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                                .toList();
                assertThat(left)
                        .as("moto kept the rejected stack (the premise of this test)")
                        .hasSize(1);
                assertThat(entry.outcome()).isEqualTo(RunReport.Outcome.LEFTOVERS);
                assertThat(report.leftovers()).anySatisfy(l -> assertThat(l).startsWith(name + ": "));
            }
            direct.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(name));
        }
    }
}
