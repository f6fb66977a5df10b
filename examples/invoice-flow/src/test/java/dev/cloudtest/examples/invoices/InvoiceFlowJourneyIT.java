package dev.cloudtest.examples.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.Schedule;
import dev.cloudtest.core.journey.ApiClient;
import dev.cloudtest.core.journey.CapturedMessage;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Output;
import dev.cloudtest.junit5.StackResource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The invoice journey across four triggers, on the SAM template as written: the API stores an invoice, the bucket's
 * notification renders it, the topic's subscription sends it and announces {@code InvoiceSent} on the bus, whose
 * rule keeps it on the audit queue; and the nightly schedule, fired by the test, announces the reminders.
 */
@CloudStack(template = "template.yaml")
class InvoiceFlowJourneyIT {
    @Output("InvoicesApi")
    static URI api;

    @Output("AuditQueueUrl")
    static String auditQueue;

    @Test
    void a_created_invoice_is_rendered_sent_and_audited(Probes probes) {
        ApiClient invoices = probes.api(api);
        try (MessageCapture audit = probes.queue(auditQueue)) {
            String id = invoices.post("/invoices", Map.of("customer", "Ada", "amountCents", 12_345))
                    .assertStatus(201)
                    .json()
                    .path("invoiceId")
                    .asText();

            CapturedMessage sent = audit.awaitMessage(
                    "InvoiceSent for " + id,
                    m -> m.at("/detail-type").orElse("").equals("InvoiceSent")
                            && m.at("/detail/invoiceId").orElse("").equals(id),
                    Duration.ofSeconds(60));
            assertThat(sent.at("/detail/text")).contains("Invoice " + id + " for Ada: 123.45 EUR");
            assertThat(sent.at("/detail/customer")).contains("Ada");
        }
    }

    @Test
    void an_invalid_invoice_is_refused(Probes probes) {
        assertThat(probes.api(api)
                        .post("/invoices", Map.of("customer", "Bob", "amountCents", 0))
                        .assertStatus(400)
                        .json()
                        .path("error")
                        .asText())
                .contains("positive amountCents");
    }

    @Test
    void the_nightly_schedule_announces_the_reminders(
            @StackResource("RemindOpenInvoicesFunctionNightly") Schedule nightly, Probes probes) {
        assertThat(nightly.expression()).isEqualTo("cron(0 2 * * ? *)");
        try (MessageCapture audit = probes.queue(auditQueue)) {
            nightly.fire();

            CapturedMessage reminded = audit.awaitMessage(
                    "RemindersSent",
                    m -> m.at("/detail-type").orElse("").equals("RemindersSent"),
                    Duration.ofSeconds(60));
            assertThat(reminded.at("/detail/trigger")).contains("Scheduled Event");
        }
    }
}
