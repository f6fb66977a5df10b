package dev.cloudtest.examples.documents;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudTestExtension;
import dev.cloudtest.junit5.StackRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The journeys are real: on a system with a piece removed from its template, the same steps fail, saying what did
 * not arrive.
 */
class BrokenSystemIT {
    private static final Path TEMPLATE = Path.of("src/main/cloudformation/document-intake.yaml");
    private static final Duration PATIENCE = Duration.ofSeconds(3);

    @RegisterExtension
    static final CloudTestExtension CLOUD = CloudTestExtension.builder()
            .stack(StackSpec.builder()
                    .id("no-rule")
                    .templateBody(withoutRejectionRule())
                    .build())
            .stack(StackSpec.builder()
                    .id("no-notifications")
                    .templateBody(withoutNotifications())
                    .build())
            .build();

    @Test
    void without_the_rejection_rule_a_rejected_document_never_reaches_the_rejected_queue() {
        // The registered extension is the handle: its stacks, probes and clients, without parameters.
        DocumentIntake system = new DocumentIntake(
                CLOUD.stack("no-rule").outputs(),
                CLOUD.probes(),
                CLOUD.session().client(S3Client.class),
                CLOUD.session().client(EventBridgeClient.class),
                CLOUD.session().client(SfnClient.class));
        try (MessageCapture rejected = system.rejectedQueue()) {
            system.reject("doc-13", "unreadable scan");

            assertThatThrownBy(() -> rejected.awaitMessage(
                            "a DocumentRejected event for doc-13",
                            DocumentIntake.eventFor("DocumentRejected", "doc-13"),
                            PATIENCE))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected a DocumentRejected event for doc-13 within 3.0 s on queue")
                    .hasMessageEndingWith("captured no messages.");
        }
    }

    @Test
    void without_bucket_notifications_an_upload_is_never_announced(
            @StackRef("no-notifications") Stack stack,
            Probes probes,
            S3Client s3,
            EventBridgeClient events,
            SfnClient sfn) {
        DocumentIntake system = new DocumentIntake(stack.outputs(), probes, s3, events, sfn);
        try (MessageCapture intake = system.intakeQueue()) {
            system.upload("invoice-42.pdf", "%PDF-1.7");

            assertThatThrownBy(() -> intake.awaitMessage(
                            "an ObjectCreated event for invoice-42.pdf",
                            DocumentIntake.s3EventFor("invoice-42.pdf"),
                            PATIENCE))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected an ObjectCreated event for invoice-42.pdf within 3.0 s on queue")
                    .hasMessageEndingWith("captured no messages.");
        }
    }

    /** The template without the EventBridge rule (and the policy statement that refers to it). */
    private static String withoutRejectionRule() {
        return removeBlock(
                removeLine(template(), "Condition: {ArnEquals: {'aws:SourceArn': !GetAtt RejectedRule.Arn}}"),
                "  RejectedRule:");
    }

    /** The template without the bucket's NotificationConfiguration. */
    private static String withoutNotifications() {
        return removeBlock(template(), "      NotificationConfiguration:");
    }

    private static String template() {
        try {
            return Files.readString(TEMPLATE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String removeLine(String text, String line) {
        String result = text.replaceAll("(?m)^\\s*" + java.util.regex.Pattern.quote(line) + "\\s*\\n", "");
        if (result.equals(text)) {
            throw new IllegalStateException("line not found in " + TEMPLATE + ": " + line);
        }
        return result;
    }

    /** Removes the YAML block starting at {@code header} (and everything indented deeper below it). */
    private static String removeBlock(String text, String header) {
        int indent = header.length() - header.stripLeading().length();
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        boolean found = false;
        for (String line : text.split("\n", -1)) {
            int lineIndent = line.length() - line.stripLeading().length();
            if (line.equals(header)) {
                skipping = true;
                found = true;
                continue;
            }
            if (skipping
                    && (line.isBlank()
                            || lineIndent > indent
                            || line.stripLeading().startsWith("#"))) {
                continue;
            }
            skipping = false;
            out.append(line).append('\n');
        }
        if (!found) {
            throw new IllegalStateException("block not found in " + TEMPLATE + ": " + header);
        }
        return out.toString();
    }
}
