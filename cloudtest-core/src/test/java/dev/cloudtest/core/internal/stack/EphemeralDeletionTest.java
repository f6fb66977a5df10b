package dev.cloudtest.core.internal.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHook;
import dev.cloudtest.core.internal.hook.TemplateStages;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Policies that keep a resource after its stack is deleted are sent as Delete: on AWS the template goes as written
 * (SAM and language extensions unexpanded), so SAM's layer retention and loop bodies are rewritten too.
 */
class EphemeralDeletionTest {
    private static final String WRITTEN =
            """
            Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                UpdateReplacePolicy: Snapshot
                Properties: {BillingMode: PAY_PER_REQUEST}
              Archive:
                Type: AWS::S3::Bucket
                DeletionPolicy: RetainExceptOnCreate
              Scratch:
                Type: AWS::SQS::Queue
                DeletionPolicy: Delete
              Shared:
                Type: AWS::Serverless::LayerVersion
                Properties: {ContentUri: s3://artifacts/layer.zip}
              Fn::ForEach::Inboxes:
                - Channel
                - [web, store]
                - ${Channel}Inbox:
                    Type: AWS::SQS::Queue
                    DeletionPolicy: Retain
            """;

    private final StackHook hook = EphemeralDeletion.PROVIDER.create(null).orElseThrow();

    @Test
    void every_policy_that_would_keep_something_is_sent_as_delete() {
        PreparedStack prepared = prepared(WRITTEN);

        JsonNode sent = hook.beforeCreate(prepared, prepared.templates().packaged())
                .json()
                .path("Resources");

        assertThat(sent.path("Orders").path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(sent.path("Orders").path("UpdateReplacePolicy").asText()).isEqualTo("Delete");
        assertThat(sent.path("Archive").path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(sent.path("Scratch").path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(sent.path("Shared")
                        .path("Properties")
                        .path("RetentionPolicy")
                        .asText())
                .as("SAM retains layer versions unless told otherwise")
                .isEqualTo("Delete");
        assertThat(sent.path("Fn::ForEach::Inboxes")
                        .path(2)
                        .path("${Channel}Inbox")
                        .path("DeletionPolicy")
                        .asText())
                .isEqualTo("Delete");
        assertThat(hook.describe(prepared))
                .singleElement()
                .asString()
                .contains("Orders: DeletionPolicy Retain", "Orders: UpdateReplacePolicy Snapshot")
                .contains("Archive: DeletionPolicy RetainExceptOnCreate", "${Channel}Inbox: DeletionPolicy Retain")
                .contains("Shared: RetentionPolicy Retain (SAM's default)")
                .doesNotContain("Scratch");
    }

    @Test
    void a_template_that_keeps_nothing_is_sent_unchanged() {
        PreparedStack prepared = prepared("Resources:\n  Scratch: {Type: AWS::SQS::Queue, DeletionPolicy: Delete}\n");
        Template template = prepared.templates().packaged();

        assertThat(hook.beforeCreate(prepared, template)).isSameAs(template);
        assertThat(hook.describe(prepared)).isEmpty();
    }

    private static PreparedStack prepared(String yaml) {
        return new PreparedStack(
                StackSpec.builder().id("orders").templateBody(yaml).build(),
                "ct-orders-r1",
                TemplateStages.of(Template.parse(yaml, "template.yaml")),
                Map.of(),
                Set.of(),
                List.of());
    }
}
