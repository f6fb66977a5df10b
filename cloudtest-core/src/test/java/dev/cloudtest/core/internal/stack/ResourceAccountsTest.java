package dev.cloudtest.core.internal.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.internal.target.ClientFactory;
import dev.cloudtest.core.report.RunReport;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The run report's account of a stack's resources, from the check after creation and the stack the hooks left. */
class ResourceAccountsTest {
    @Test
    void accepted_resources_the_stack_now_has_were_filled_and_those_the_template_lacks_were_added() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("Topic", ResourceAccounts.CREATED);
        verdicts.put("Subscription", ResourceAccounts.ACCEPTED + "created by cloudtest through SNS Subscribe");
        verdicts.put("Api", ResourceAccounts.ACCEPTED + "cloudtest serves the HTTP API's routes itself");
        verdicts.put("Audit", ResourceAccounts.CONDITION_FALSE);

        Map<String, String> accounts = ResourceAccounts.of(
                verdicts,
                stack(Map.of(
                        "Topic", "AWS::SNS::Topic",
                        "Subscription", "AWS::SNS::Subscription",
                        "CloudtestRelayTopic1", "AWS::SQS::Queue")));

        assertThat(accounts)
                .containsExactly(
                        Map.entry("Topic", "created"),
                        Map.entry("Subscription", "filled: created by cloudtest through SNS Subscribe"),
                        Map.entry("Api", "accepted missing: cloudtest serves the HTTP API's routes itself"),
                        Map.entry("Audit", "not created: its condition is false"),
                        Map.entry("CloudtestRelayTopic1", "added by cloudtest"));
        RunReport report = new RunReport(
                "r1",
                "emulator",
                "123456789012",
                "us-east-1",
                Instant.EPOCH,
                Instant.EPOCH,
                Map.of(),
                List.of(new RunReport.StackEntry(
                        "orders", "ct-orders-r1", RunReport.Outcome.DELETED, 10, 5, null, accounts)),
                List.of());
        assertThat(report.summary())
                .contains("    resources: created 1; filled 1 [Subscription]; accepted missing 1 [Api]; not created 1 "
                        + "[Audit]; added by cloudtest 1 [CloudtestRelayTopic1]");
        assertThat(report.toJson())
                .contains("\"Subscription\" : \"filled: created by cloudtest through SNS Subscribe\"");
    }

    @Test
    void a_stack_whose_resources_were_not_checked_has_no_account() {
        assertThat(ResourceAccounts.of(Map.of(), stack(Map.of("Topic", "AWS::SNS::Topic"))))
                .isEmpty();
    }

    private static Stack stack(Map<String, String> types) {
        ClientFactory clients = new ClientFactory(
                "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                Optional.of(URI.create("http://127.0.0.1:1")),
                true);
        return new Stack(
                "orders",
                "ct-orders-r1",
                "arn:aws:cloudformation:us-east-1:123456789012:stack/ct-orders-r1/1",
                Map.of(),
                types,
                types,
                Instant.EPOCH,
                Instant.EPOCH,
                new CloudSession(
                        TargetKind.ENDPOINT,
                        "us-east-1",
                        Optional.of(URI.create("http://127.0.0.1:1")),
                        "123456789012",
                        clients));
    }
}
