package dev.cloudtest.examples.documents;

import static dev.cloudtest.core.journey.MessageCaptureAssert.assertThat;

import dev.cloudtest.core.Stack;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The document-intake journeys, against a stack provisioned from the example's own template: on the zero-setup
 * emulator by default, on a sandbox account with {@code -Dcloudtest.guard.allowed-accounts=...}.
 */
@CloudStack(template = "src/main/cloudformation/document-intake.yaml", parameters = "Stage=journey")
class DocumentIntakeJourneyIT {
    private static DocumentIntake system;

    @BeforeAll
    static void connect(Stack stack, Probes probes, S3Client s3, EventBridgeClient events, SfnClient sfn) {
        system = new DocumentIntake(stack.outputs(), probes, s3, events, sfn);
    }

    @Test
    void an_uploaded_pdf_is_announced_on_the_intake_queue() {
        try (MessageCapture intake = system.intakeQueue()) {
            system.upload("invoice-42.pdf", "%PDF-1.7 invoice 42");

            assertThat(intake)
                    .eventually()
                    .hasMessageMatching(
                            "an ObjectCreated event for invoice-42.pdf", DocumentIntake.s3EventFor("invoice-42.pdf"));
        }
    }

    @Test
    void an_uploaded_manifest_is_announced_on_the_documents_topic() {
        try (MessageCapture topic = system.topicCapture()) {
            system.upload("batch-7.json", "{\"documents\": 3}");

            assertThat(topic)
                    .eventually()
                    .hasMessageMatching(
                            "an ObjectCreated event for batch-7.json", DocumentIntake.s3EventFor("batch-7.json"));
        }
    }

    @Test
    void a_rejected_document_lands_on_the_rejected_queue_and_an_accepted_one_does_not() {
        try (MessageCapture rejected = system.rejectedQueue()) {
            system.accept("doc-12");
            system.reject("doc-13", "unreadable scan");

            assertThat(rejected)
                    .eventually()
                    .hasMessageMatching(
                            "a DocumentRejected event for doc-13",
                            DocumentIntake.eventFor("DocumentRejected", "doc-13"));
            DocumentIntake.expectNothing(rejected, "event for the accepted doc-12", m -> m.at("/detail/documentId")
                    .orElse("")
                    .equals("doc-12"));
        }
    }

    @Test
    void every_document_gets_an_audit_item() {
        String execution = system.audit("doc-21", "received", "audit-doc-21-received");

        system.assertAudited("doc-21", execution, "audit-doc-21-received", "received");
    }
}
