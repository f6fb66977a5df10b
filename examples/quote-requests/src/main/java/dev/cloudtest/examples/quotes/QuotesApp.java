package dev.cloudtest.examples.quotes;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SnsEventSource;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The CDK app: one stack with a topic for quote requests, the Java function that prices them (its code the shaded jar
 * the build packages, as {@code Code.fromAsset}) subscribed to the topic, and the table the quotes go to.
 */
public final class QuotesApp {
    private QuotesApp() {}

    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "QuotesStack");
        Table quotes = Table.Builder.create(stack, "Quotes")
                .partitionKey(Attribute.builder()
                        .name("quoteId")
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Topic requests = Topic.Builder.create(stack, "QuoteRequests").build();
        Function pricing = Function.Builder.create(stack, "PriceQuote")
                .runtime(Runtime.JAVA_17)
                .handler(PriceQuote.class.getName() + "::handleRequest")
                .code(Code.fromAsset("target/quote-requests-function.jar")) // shaded by the build's package phase
                .memorySize(512)
                .timeout(Duration.seconds(15))
                .environment(java.util.Map.of("QUOTES_TABLE", quotes.getTableName()))
                .build();
        quotes.grantWriteData(pricing);
        pricing.addEventSource(new SnsEventSource(requests));
        CfnOutput.Builder.create(stack, "QuoteRequestsTopicArn")
                .value(requests.getTopicArn())
                .build();
        CfnOutput.Builder.create(stack, "QuotesTableName")
                .value(quotes.getTableName())
                .build();
        app.synth();
    }
}
