package dev.cloudtest.examples.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.journey.Probes;
import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Output;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The quote journey on the CDK app as written: cloudtest synthesises QuotesApp, provisions QuotesStack (no cdk
 * bootstrap), and a request published to the topic is priced into the table by the Java function, which runs locally
 * for its SNS trigger on the emulator and in Lambda on a sandbox account.
 */
@CloudStack(cdkApp = "dev.cloudtest.examples.quotes.QuotesApp", cdkStack = "QuotesStack")
class QuoteRequestsJourneyIT {
    @Output("QuoteRequestsTopicArn")
    String topic;

    @Output("QuotesTableName")
    String table;

    @Test
    void a_published_request_is_priced_into_the_table(SnsClient sns, Probes probes) {
        sns.publish(r -> r.topicArn(topic).message("{\"quoteId\": \"q-1\", \"quantity\": 3, \"unitPriceCents\": 250}"));

        Map<String, AttributeValue> quote = probes.awaitItem(table, Map.of("quoteId", AttributeValue.fromS("q-1")));

        assertThat(quote.get("totalCents").n()).isEqualTo("750");
    }

    @Test
    void ten_items_or_more_get_a_discount(SnsClient sns, Probes probes) {
        sns.publish(
                r -> r.topicArn(topic).message("{\"quoteId\": \"q-2\", \"quantity\": 10, \"unitPriceCents\": 100}"));

        Map<String, AttributeValue> quote = probes.awaitItemMatching(
                table,
                Map.of("quoteId", AttributeValue.fromS("q-2")),
                "with its total",
                i -> i.containsKey("totalCents"));

        assertThat(quote.get("totalCents").n()).isEqualTo("900");
    }
}
