package it;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.BundlingOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.sqs.Queue;

/** A function built inside a container at synthesis, as the CDK's Java samples do it. */
public final class BundledApp {
    private BundledApp() {}

    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "BundledStack");
        Queue.Builder.create(stack, "Work").build();
        Function.Builder.create(stack, "Handler")
                .runtime(Runtime.JAVA_17)
                .handler("it.Handler::handleRequest")
                .code(Code.fromAsset(
                        "src",
                        AssetOptions.builder()
                                .bundling(BundlingOptions.builder()
                                        .image(Runtime.JAVA_17.getBundlingImage())
                                        .command(List.of(
                                                "/bin/sh",
                                                "-c",
                                                "mvn -q package && cp target/*.jar /asset-output/"))
                                        .build())
                                .build()))
                .build();
        app.synth();
    }
}
