package it;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;

/** A CDK app with two stacks; the build provisions OrdersStack. */
public final class OrdersApp {
    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "OrdersStack");
        Queue queue = Queue.Builder.create(stack, "Orders").build();
        Function echo = Function.Builder.create(stack, "Echo")
                .runtime(Runtime.JAVA_17)
                .handler(Echo.class.getName() + "::handleRequest")
                .code(Code.fromAsset("target/classes"))
                .build();
        CfnOutput.Builder.create(stack, "QueueUrl").value(queue.getQueueUrl()).build();
        CfnOutput.Builder.create(stack, "EchoName").value(echo.getFunctionName()).build();
        new Stack(app, "OtherStack");
        app.synth();
    }
}
