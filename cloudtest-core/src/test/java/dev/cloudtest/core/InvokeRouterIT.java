package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Lambda {@code Invoke} from handler code and from tests reaches the local functions through cloudtest's loopback
 * router: synchronously, as an event (with the function's destinations), by name, ARN or alias, with Lambda's error
 * and log-tail answers; everything else passes through to the emulator.
 */
class InvokeRouterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "invoke/pricing-caller.yaml";
    private static final String ORDER = "{\"orderId\": \"o-1\", \"quantity\": 2, \"unitPriceCents\": 5";

    @Test
    void a_handler_invokes_another_function_synchronously_and_as_an_event() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("caller").templateResource(TEMPLATE).build());
            LocalFunction checkout = run.localFunction(stack, "CheckoutFunction");

            JsonNode receipt = JSON.readTree(JSON.readTree(checkout.invoke(ORDER + ", \"mode\": \"sync\"}"))
                    .asText());
            assertThat(receipt.path("totalCents").asLong()).isEqualTo(10);
            assertThat(receipt.path("functionName").asText()).isEqualTo(stack.physicalId("PricingFunction"));

            assertThat(checkout.invoke(ORDER + ", \"mode\": \"async\"}")).isEqualTo("\"queued 202\"");
            JsonNode record = JSON.readTree(receive(run, stack.output("ReceiptsUrl")));
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("Success");
            assertThat(record.path("responsePayload").path("totalCents").asLong())
                    .isEqualTo(10);
            run.teardown(stack);
        }
    }

    @Test
    void a_test_invokes_by_alias_with_the_log_tail_and_gets_lambdas_error_answer() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("alias").templateResource(TEMPLATE).build());
            LambdaClient lambda = run.session().client(LambdaClient.class);

            InvokeResponse live = lambda.invoke(r -> r.functionName(stack.physicalId("PricingFunction") + ":live")
                    .logType("Tail")
                    .payload(SdkBytes.fromUtf8String(ORDER + "}")));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.functionError()).isNull();
            assertThat(live.payload().asUtf8String()).contains("\"totalCents\":10");
            assertThat(new String(Base64.getDecoder().decode(live.logResult()), StandardCharsets.UTF_8))
                    .contains("pricing o-1");

            InvokeResponse failed = lambda.invoke(r ->
                    r.functionName(stack.physicalId("StockFunction")).payload(SdkBytes.fromUtf8String("\"book-1\"")));
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.functionError()).isEqualTo("Unhandled");
            assertThat(failed.payload().asUtf8String())
                    .contains("\"errorMessage\":\"no stock for book-1\"")
                    .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                    .contains("\"stackTrace\":[");

            assertThat(lambda.invoke(r -> r.functionName(stack.physicalId("StockFunction"))
                                    .invocationType("DryRun"))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(lambda.getFunction(r -> r.functionName(stack.physicalId("PricingFunction")))
                            .configuration()
                            .runtimeAsString())
                    .as("everything else passes through to the emulator")
                    .isEqualTo("java17");
            run.teardown(stack);
        }
    }

    @Test
    void a_function_that_does_not_run_locally_is_not_answered_by_the_router() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS, "CheckoutFunction")
                .build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("not-local")
                    .templateResource(TEMPLATE)
                    .build());
            LambdaClient lambda = run.session().client(LambdaClient.class);

            assertThatThrownBy(() -> {
                        InvokeResponse response = lambda.invoke(r -> r.functionName(stack.physicalId("PricingFunction"))
                                .payload(SdkBytes.fromUtf8String(ORDER + "}")));
                        if (response.functionError() != null
                                || !response.payload().asUtf8String().contains("totalCents")) {
                            throw new IllegalStateException(
                                    "not answered: " + response.payload().asUtf8String());
                        }
                    })
                    .as("moto cannot run the function: no receipt")
                    .isInstanceOf(RuntimeException.class);
            run.teardown(stack);
        }
    }

    private static String receive(CloudTestRun run, String queueUrl) {
        return QueueMessages.bodies(run, queueUrl, 1, Duration.ofSeconds(30)).get(0);
    }
}
