package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.report.TeardownReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SAM event types and resources no other fixture has ({@code sam-events/}): {@code EventBridgeRule} on the
 * stack's bus, {@code CloudWatchEvent} on the default bus, and an {@code AWS::Serverless::LayerVersion} whose folder
 * the function's own jar needs. Every resource the translator emits is accounted for, each event reaches its local
 * function, and the function runs on its jar and the layer. The results queue is {@code DeletionPolicy: Retain}, as in
 * production, and SAM retains layer versions by default: the teardown leaves neither behind.
 */
class SamEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src/test/resources/sam-events/template.yaml");
    private static final Path CLASSES = Path.of("target/test-classes");
    private static final String PACKAGE = "dev/cloudtest/core/testfunctions/";

    /** The build's part: the greeting function's jar (without the helper) and the layer's folder (with it). */
    @BeforeAll
    static void build() throws IOException {
        Path out = Files.createDirectories(Path.of("target/sam-events/layer/java/lib"));
        jar(out.getParent().getParent().getParent().resolve("greet.jar"), "NeedsGreetingHandler");
        jar(out.resolve("greeting.jar"), "LayerGreeting");
    }

    @Test
    void rules_of_both_buses_reach_their_functions_and_a_function_runs_on_its_layer() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().id("sam-events").template(TEMPLATE).build());

            Map<String, String> types = stack.resourceTypes();
            String layer = types.entrySet().stream()
                    .filter(e -> e.getValue().equals("AWS::Lambda::LayerVersion"))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            assertThat(layer).as("SAM names a layer version by its content").startsWith("GreetingLayer");
            assertThat(types)
                    .as("every resource the translator emits, created by moto or filled by cloudtest, and the "
                            + "queue cloudtest adds to each rule to hand its events to the local function")
                    .containsOnlyKeys(
                            "Results",
                            "OrdersBus",
                            "PlacedAuditFunction",
                            "PlacedAuditFunctionRole",
                            "PlacedAuditFunctionOrderPlaced",
                            "PlacedAuditFunctionOrderPlacedPermission",
                            "PlacedAuditFunctionEventInvokeConfig",
                            "LegacyAuditFunction",
                            "LegacyAuditFunctionRole",
                            "LegacyAuditFunctionLegacy",
                            "LegacyAuditFunctionLegacyPermission",
                            "LegacyAuditFunctionEventInvokeConfig",
                            layer,
                            "GreetFunction",
                            "GreetFunctionRole",
                            "CloudtestRelayPlacedAuditFunctionOrderPlaced1",
                            "CloudtestRelayLegacyAuditFunctionLegacy1")
                    .containsEntry("PlacedAuditFunctionOrderPlaced", "AWS::Events::Rule")
                    .containsEntry("LegacyAuditFunctionLegacy", "AWS::Events::Rule")
                    .containsEntry("PlacedAuditFunctionEventInvokeConfig", "AWS::Lambda::EventInvokeConfig");
            Map<String, String> accounts = run.report().stacks().stream()
                    .filter(e -> e.name().equals(stack.name()))
                    .findFirst()
                    .orElseThrow()
                    .resources();
            assertThat(accounts.keySet())
                    .as("the run accounts for every resource")
                    .isEqualTo(types.keySet());
            String filled = "filled: created by cloudtest through Lambda PutFunctionEventInvokeConfig (moto's "
                    + "CloudFormation does not)";
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            types.keySet().forEach(id -> expected.put(id, "created"));
            expected.put("PlacedAuditFunctionEventInvokeConfig", filled);
            expected.put("LegacyAuditFunctionEventInvokeConfig", filled);
            expected.put("CloudtestRelayPlacedAuditFunctionOrderPlaced1", "added by cloudtest");
            expected.put("CloudtestRelayLegacyAuditFunctionLegacy1", "added by cloudtest");
            assertThat(accounts).isEqualTo(expected);
            assertThat(stack.output("GreetingLayerArn"))
                    .as("the layer version's ARN, as Ref gives it on AWS")
                    .startsWith("arn:aws:lambda:us-east-1:")
                    .contains(":layer:" + stack.name() + "-" + layer + "-")
                    .isEqualTo(stack.physicalId(layer));

            EventBridgeClient events = run.session().client(EventBridgeClient.class);
            assertThat(events.putEvents(r -> r.entries(
                                    e -> e.eventBusName(stack.output("BusName"))
                                            .source("shop.orders")
                                            .detailType("OrderPlaced")
                                            .detail("{\"orderId\": \"o-1\"}"),
                                    e -> e.source("shop.legacy")
                                            .detailType("OrderImported")
                                            .detail("{\"orderId\": \"o-2\"}")))
                            .failedEntryCount())
                    .isZero();
            List<String> sources = new ArrayList<>();
            for (String body : QueueMessages.bodies(run, stack.output("ResultsUrl"), 2, Duration.ofSeconds(30))) {
                JsonNode record = JSON.readTree(body);
                assertThat(record.path("responsePayload").asText()).isEqualTo("audited");
                sources.add(record.path("requestPayload").path("source").asText() + " -> "
                        + record.path("requestContext")
                                .path("functionArn")
                                .asText()
                                .replaceAll(".*:function:", ""));
            }
            assertThat(sources)
                    .containsExactlyInAnyOrder(
                            "shop.orders -> " + stack.physicalId("PlacedAuditFunction") + ":$LATEST",
                            "shop.legacy -> " + stack.physicalId("LegacyAuditFunction") + ":$LATEST");

            assertThat(run.localFunction(stack, "GreetFunction").invoke("\"ada\""))
                    .isEqualTo("\"hello ada from the layer\"");

            TeardownReport teardown = run.teardown(stack);
            assertThat(teardown.isClean()).as(teardown.toString()).isTrue();
            assertThat(run.session().client(SqsClient.class).listQueues().queueUrls())
                    .doesNotContain(stack.output("ResultsUrl"));
            assertThat(events.listEventBuses(r -> {}).eventBuses())
                    .noneMatch(b -> b.name().equals(stack.output("BusName")));
            assertThat(run.session().client(LambdaClient.class).listLayers().layers())
                    .as("the layer version SAM retains by default, and moto's DeleteStack leaves")
                    .noneMatch(l -> l.layerName().startsWith(stack.name() + "-"));
        }
    }

    private static void jar(Path jar, String className) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(PACKAGE + className + ".class"));
            zip.write(Files.readAllBytes(CLASSES.resolve(PACKAGE + className + ".class")));
            zip.closeEntry();
        }
    }
}
