package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A SAM template as teams write it (Globals, a module-folder CodeUri, a SimpleTable, an SQS event, a policy template,
 * outputs that read SAM resources' attributes) provisions unchanged on moto: expanded by aws-sam-translator before
 * CreateStack, every expanded resource created, the function run locally for its queue, and torn down.
 */
class SamExpansionIT {
    @Test
    void a_sam_template_is_expanded_provisioned_driven_and_torn_down() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-orders")
                    .templateResource("stacks/sam-orders.yaml")
                    .build());

            assertThat(stack.resourceTypes())
                    .containsEntry("Orders", "AWS::DynamoDB::Table")
                    .containsEntry("IncomingOrders", "AWS::SQS::Queue")
                    .containsEntry("RecordOrderFunction", "AWS::Lambda::Function")
                    .containsEntry("RecordOrderFunctionRole", "AWS::IAM::Role")
                    .containsEntry("RecordOrderFunctionNewOrder", "AWS::Lambda::EventSourceMapping");
            assertThat(stack.output("FunctionArn")).startsWith("arn:aws:lambda:us-east-1:");
            assertThat(stack.output("FunctionRoleArn")).startsWith("arn:aws:iam::");

            run.session().client(SqsClient.class).sendMessage(r -> r.queueUrl(stack.output("QueueUrl"))
                    .messageBody("order-7"));
            Map<String, AttributeValue> item = Eventually.await("order-7 recorded by the SAM function")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> run.session()
                                    .client(DynamoDbClient.class)
                                    .getItem(r -> r.tableName(stack.output("TableName"))
                                            .key(Map.of("id", AttributeValue.fromS("order-7#1"))))
                                    .item(),
                            i -> i != null && !i.isEmpty());
            assertThat(item.get("source").s()).startsWith("arn:aws:sqs:");

            run.teardown(stack);
            assertThat(run.session()
                            .client(CloudFormationClient.class)
                            .describeStacks(r -> r.stackName(stack.stackId()))
                            .stacks()
                            .get(0)
                            .stackStatus())
                    .isEqualTo(StackStatus.DELETE_COMPLETE);
        }
    }

    @Test
    void sam_http_apis_implicit_and_explicit_answer_through_the_local_api() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-http")
                    .templateResource("stacks/sam-http-api.yaml")
                    .build());

            // moto cannot create HTTP APIs: the expanded ServerlessHttpApi and PartnerApi (OpenAPI Bodies) and their
            // stages are served by cloudtest, and the outputs that name them lead to the local API
            assertThat(stack.resourceTypes())
                    .as("created by moto")
                    .containsEntry("OrdersFunction", "AWS::Lambda::Function")
                    .containsEntry("OrdersFunctionGetOrderPermission", "AWS::Lambda::Permission")
                    .doesNotContainKey("ServerlessHttpApi");
            Map<String, String> accounts = run.report().stacks().get(0).resources();
            assertThat(accounts)
                    .as("how the run accounts for each expanded resource")
                    .containsEntry("OrdersFunction", "created")
                    .containsEntry(
                            "ServerlessHttpApi",
                            "accepted missing: cloudtest serves the HTTP API's routes to the local functions itself");
            assertThat(accounts.entrySet())
                    .filteredOn(e -> e.getKey().startsWith("PartnerApi"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getValue()).startsWith("accepted missing: cloudtest serves"));
            assertThat(stack.output("PartnerUrl")).startsWith("http://127.0.0.1:");
            var http = java.net.http.HttpClient.newHttpClient();
            var get = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("OrdersUrl") + "/o-7"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(stack.output("OrdersUrl")).startsWith("http://127.0.0.1:");
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body())
                    .contains("\"routeKey\":\"GET /orders/{id}\"")
                    .contains("\"pathParameters\":{\"id\":\"o-7\"}")
                    .contains("\"stage\":\"$default\"");
            var post = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("OrdersUrl")))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"b-1\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
            var partner = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("PartnerUrl") + "/o-1"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(partner.statusCode()).as(partner.body()).isEqualTo(200);
            assertThat(partner.body()).contains("\"stage\":\"partners\"");
            var unknown = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("OrdersUrl") + "/o-1/items"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).as("a route the API does not have").isEqualTo(404);

            assertThat(run.teardown(stack).isClean()).isTrue();
        }
    }

    @Test
    void sam_apis_with_an_alias_provision_on_moto_and_answer_through_the_local_api() throws Exception {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-api")
                    .templateResource("stacks/sam-api.yaml")
                    .build());

            // every expanded resource, by how the run classes it
            Map<String, String> types = stack.resourceTypes();
            assertThat(types)
                    .as("created by moto")
                    .containsEntry("ServerlessRestApi", "AWS::ApiGateway::RestApi")
                    .containsEntry("AdminApi", "AWS::ApiGateway::RestApi")
                    .containsEntry("OrdersFunction", "AWS::Lambda::Function")
                    .containsEntry("OrdersFunctionRole", "AWS::IAM::Role");
            assertThat(types)
                    .as("filled by cloudtest")
                    .containsEntry("ServerlessRestApiProdStage", "AWS::ApiGateway::Stage")
                    .containsEntry("AdminApiadminStage", "AWS::ApiGateway::Stage")
                    .containsEntry("OrdersFunctionAliaslive", "AWS::Lambda::Alias")
                    .containsEntry("OrdersFunctionEventInvokeConfig", "AWS::Lambda::EventInvokeConfig");
            assertThat(types.entrySet())
                    .filteredOn(e -> e.getValue().equals("AWS::ApiGateway::Deployment"))
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(stack.physicalIds()).containsKey(e.getKey()));
            assertThat(stack.output("FunctionAlias"))
                    .endsWith(":function:" + stack.physicalId("OrdersFunction") + ":live");

            var http = java.net.http.HttpClient.newHttpClient();
            var get = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("OrdersUrl") + "/o-7"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(stack.output("OrdersUrl")).startsWith("http://127.0.0.1:");
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body()).contains("\"id\":\"o-7\"").contains("\"stage\":\"Prod\"");
            var post = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("OrdersUrl")))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"b-1\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
            var admin = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.output("AdminUrl") + "/orders/o-1"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
            assertThat(admin.body()).contains("\"stage\":\"admin\"");

            run.teardown(stack);
            assertThat(run.session()
                            .client(software.amazon.awssdk.services.apigateway.ApiGatewayClient.class)
                            .getRestApis()
                            .items())
                    .noneMatch(api -> api.id().equals(stack.physicalId("ServerlessRestApi")));
        }
    }

    @Test
    void a_module_folder_code_uri_runs_the_jar_the_module_built_and_its_fingerprint_ignores_the_rest(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // the usual SAM layout: template.yaml beside OrdersFunction/ (pom.xml, src/, target/)
        java.nio.file.Path module = java.nio.file.Files.createDirectories(dir.resolve("OrdersFunction/target"))
                .getParent();
        java.nio.file.Files.writeString(module.resolve("pom.xml"), "<project/>");
        jar(java.nio.file.Path.of("target/test-classes"), module.resolve("target/orders-1.0.jar"));
        java.nio.file.Files.writeString(module.resolve("target/original-orders-1.0.jar"), "not the function");
        String template = new String(
                        getClass()
                                .getResourceAsStream("/stacks/sam-orders.yaml")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8)
                .replace("CodeUri: target/test-classes", "CodeUri: OrdersFunction");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("template.yaml"), template);
        StackSpec spec = StackSpec.builder().id("sam-module").template(file).build();
        String before = spec.fingerprint();
        java.nio.file.Files.createDirectories(module.resolve("target/surefire-reports"));
        java.nio.file.Files.writeString(module.resolve("target/surefire-reports/x.txt"), "changes as tests run");
        java.nio.file.Files.createDirectories(module.resolve("src/main/java"));
        java.nio.file.Files.writeString(module.resolve("src/main/java/Note.java"), "// edited");
        assertThat(spec.fingerprint()).as("only the built jar counts").isEqualTo(before);

        // The module's jar here is a thin one: its dependencies (the SDK) are on the test classpath.
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.LOCAL_FUNCTIONS_TEST_CLASSPATH, "always")
                .build())) {
            Stack stack = run.provision(spec);
            run.session().client(SqsClient.class).sendMessage(r -> r.queueUrl(stack.output("QueueUrl"))
                    .messageBody("order-9"));
            Eventually.await("order-9 recorded by the function from the module's jar")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> run.session()
                                    .client(DynamoDbClient.class)
                                    .getItem(r -> r.tableName(stack.output("TableName"))
                                            .key(Map.of("id", AttributeValue.fromS("order-9#1"))))
                                    .item(),
                            i -> i != null && !i.isEmpty());
            run.teardown(stack);
        }
    }

    private static void jar(java.nio.file.Path classes, java.nio.file.Path jar) throws Exception {
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
                var files = java.nio.file.Files.walk(classes.resolve("dev/cloudtest/core/testfunctions"))) {
            for (java.nio.file.Path f :
                    files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(
                        classes.relativize(f).toString().replace('\\', '/')));
                out.write(java.nio.file.Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }

    @Test
    void an_sns_event_hands_filtered_notifications_to_the_local_function_as_lambdas_sns_event() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("sam-sns")
                    .templateResource("stacks/sam-sns.yaml")
                    .build());
            assertThat(stack.resourceTypes())
                    .containsEntry("NotifyFunctionOrderPlaced", "AWS::SNS::Subscription")
                    .containsEntry("NotifyFunctionOrderPlacedPermission", "AWS::Lambda::Permission");
            java.time.Instant before = java.time.Instant.now().minusSeconds(1);
            var sns = run.session().client(software.amazon.awssdk.services.sns.SnsClient.class);
            sns.publish(r -> r.topicArn(stack.output("TopicArn"))
                    .message("order o-3 cancelled")
                    .messageAttributes(Map.of(
                            "kind",
                            software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("cancelled")
                                    .build())));
            sns.publish(r -> r.topicArn(stack.output("TopicArn"))
                    .message("order o-3 placed")
                    .messageAttributes(Map.of(
                            "kind",
                            software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("placed")
                                    .build())));
            String group = "/aws/lambda/" + stack.physicalId("NotifyFunction");
            String line = run.probes()
                    .awaitLogLine(
                            group, java.util.regex.Pattern.compile("sns-notice message=order o-3 placed"), before);
            assertThat(line)
                    .contains("source=aws:sns")
                    .contains("subscription=" + stack.physicalId("NotifyFunctionOrderPlaced"))
                    .contains("topic=" + stack.output("TopicArn"))
                    .contains("kind=placed");
            assertThat(run.probes().logLines(group, before))
                    .as("the filter policy kept the cancelled order from the function")
                    .noneMatch(l -> l.contains("cancelled"));
            run.teardown(stack);
        }
    }

    @Test
    void a_macro_beside_sam_is_refused_before_anything_is_created() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("macro")
                            .templateBody(
                                    """
                                    Transform: [AWS::Serverless-2016-10-31, Company::Naming]
                                    Resources:
                                      Work: {Type: AWS::SQS::Queue}
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("declares the transform Company::Naming")
                    .hasMessageContaining("Nothing was created");
            assertThat(run.report().stacks()).isEmpty();
        }
    }

    @Test
    void a_nested_serverless_application_is_refused_naming_it() {
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto().build())) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("nested")
                            .templateBody(
                                    """
                                    Transform: AWS::Serverless-2016-10-31
                                    Resources:
                                      Auth:
                                        Type: AWS::Serverless::Application
                                        Properties:
                                          Location:
                                            ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/auth
                                            SemanticVersion: 1.0.0
                                    """)
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Auth (AWS::Serverless::Application)");
            assertThat(run.report().stacks()).isEmpty();
        }
    }
}
