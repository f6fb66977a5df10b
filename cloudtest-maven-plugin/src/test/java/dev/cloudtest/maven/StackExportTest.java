package dev.cloudtest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackExportTest {

    private static StackExport export(Optional<URI> endpoint) {
        return new StackExport(
                "orders",
                "ct-orders-run1",
                "arn:aws:cloudformation:us-east-1:123456789012:stack/ct-orders-run1/abc",
                "run1",
                "us-east-1",
                endpoint,
                "123456789012",
                Map.of("QueueUrl", "http://q/1", "TableName", "ct-orders-run1-Table"),
                Map.of("Queue", "http://q/1", "Table", "ct-orders-run1-Table"),
                Map.of("Queue", "AWS::SQS::Queue", "Table", "AWS::DynamoDB::Table"),
                "0123456789abcdef");
    }

    @Test
    void outputs_and_the_stack_name_become_properties_keyed_by_stack_id() {
        assertThat(export(Optional.empty()).properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "cloudtest.orders.output.QueueUrl", "http://q/1",
                        "cloudtest.orders.output.TableName", "ct-orders-run1-Table",
                        "cloudtest.orders.stack-name", "ct-orders-run1"));
    }

    @Test
    void an_emulators_endpoint_is_passed_on_as_cloudtest_endpoint() {
        assertThat(export(Optional.of(URI.create("http://127.0.0.1:5000"))).properties())
                .containsEntry("cloudtest.endpoint", "http://127.0.0.1:5000");
    }

    @Test
    void exported_names_are_recognised_so_they_are_not_read_back_as_configuration() {
        assertThat(StackExport.isExported("cloudtest.orders.output.QueueUrl")).isTrue();
        assertThat(StackExport.isExported("cloudtest.orders.stack-name")).isTrue();
        assertThat(StackExport.isExported("cloudtest.guard.allowed-accounts")).isFalse();
        assertThat(StackExport.isExported("cloudtest.endpoint")).isFalse();
    }

    @Test
    void writes_the_json_description_and_the_properties_file(@TempDir Path dir) throws Exception {
        StackExport export = export(Optional.of(URI.create("http://127.0.0.1:5000")));

        var files = export.writeTo(dir.resolve("cloudtest"));

        assertThat(files)
                .containsExactly(dir.resolve("cloudtest/orders.json"), dir.resolve("cloudtest/orders.properties"));
        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(json.get("stackName").asText()).isEqualTo("ct-orders-run1");
        assertThat(json.get("stackId").asText()).startsWith("arn:aws:cloudformation:");
        assertThat(json.get("runId").asText()).isEqualTo("run1");
        assertThat(json.get("region").asText()).isEqualTo("us-east-1");
        assertThat(json.get("endpoint").asText()).isEqualTo("http://127.0.0.1:5000");
        assertThat(json.get("account").asText()).isEqualTo("123456789012");
        assertThat(json.get("outputs").get("QueueUrl").asText()).isEqualTo("http://q/1");
        assertThat(json.get("physicalIds").get("Table").asText()).isEqualTo("ct-orders-run1-Table");
        assertThat(json.get("resourceTypes").get("Queue").asText()).isEqualTo("AWS::SQS::Queue");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(files.get(1))) {
            properties.load(reader);
        }
        assertThat(properties).containsAllEntriesOf(export.properties());
        assertThat(properties).hasSameSizeAs(export.properties());
    }

    @Test
    void on_real_aws_the_json_has_a_null_endpoint(@TempDir Path dir) throws Exception {
        var files = export(Optional.empty()).writeTo(dir);

        assertThat(new ObjectMapper()
                        .readTree(files.get(0).toFile())
                        .get("endpoint")
                        .isNull())
                .isTrue();
    }
}
