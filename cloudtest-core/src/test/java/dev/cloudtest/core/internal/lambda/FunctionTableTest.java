package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.internal.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up table: where each function runs, which triggers reach it, and what is not served. */
class FunctionTableTest {
    private static final Template WORKFLOW = Template.parse(
            """
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties: {Runtime: java17, Handler: a.B, Code: x}
              Flow:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  DefinitionString: !Sub '{"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "${Worker.Arn}", "End": true}}}'
            """,
            "test");

    @Test
    void a_state_machine_task_is_served_on_cloudtests_own_emulator_and_refused_on_a_shared_one() {
        FunctionTable.Trigger own = FunctionTable.rows(
                        WORKFLOW, FunctionTable.Target.OWN_EMULATOR, id -> true, jdks(17), id -> true)
                .get(0)
                .triggers()
                .get(0);
        assertThat(own.description()).isEqualTo("state machine Flow, task state 'Work'");
        assertThat(own.notServed()).isEmpty();
        assertThat(own.refused()).isFalse();

        FunctionTable.Trigger shared = FunctionTable.rows(
                        WORKFLOW, FunctionTable.Target.SHARED_EMULATOR, id -> true, jdks(17), id -> true)
                .get(0)
                .triggers()
                .get(0);
        assertThat(shared.refused()).isTrue();
        assertThat(shared.notServed()).get().asString().contains("unset cloudtest.endpoint");

        FunctionTable.Trigger aws = FunctionTable.rows(
                        WORKFLOW, FunctionTable.Target.AWS, id -> true, jdks(17), id -> true)
                .get(0)
                .triggers()
                .get(0);
        assertThat(aws.refused()).isFalse();
    }

    private static final Template TEMPLATE = Template.parse(
            """
            Resources:
              Orders: {Type: AWS::SQS::Queue}
              Table: {Type: AWS::DynamoDB::Table}
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  NotificationConfiguration:
                    LambdaConfigurations:
                      - {Event: 's3:ObjectCreated:*', Function: !GetAtt Worker.Arn}
              Worker:
                Type: AWS::Lambda::Function
                Properties: {Runtime: java17, Handler: a.B, Code: x}
              Legacy:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: app.handler, Code: x}
              FromQueue:
                Type: AWS::Lambda::EventSourceMapping
                Properties: {FunctionName: !Ref Worker, EventSourceArn: !GetAtt Orders.Arn}
              FromStream:
                Type: AWS::Lambda::EventSourceMapping
                Properties: {FunctionName: !Ref Worker, EventSourceArn: !GetAtt Table.StreamArn}
              Nightly:
                Type: AWS::Events::Rule
                Properties:
                  ScheduleExpression: rate(1 day)
                  Targets: [{Id: w, Arn: !GetAtt Worker.Arn}]
              Cognito:
                Type: AWS::Lambda::Permission
                Properties: {FunctionName: !Ref Worker, Principal: cognito-idp.amazonaws.com, Action: lambda:InvokeFunction}
              LegacyRule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern: {source: [x]}
                  Targets: [{Id: l, Arn: !GetAtt Legacy.Arn}]
            """,
            "test");

    @TempDir
    Path dir;

    @Test
    void each_function_with_where_it_runs_and_each_trigger_with_whether_it_is_served() {
        List<FunctionTable.Row> rows =
                FunctionTable.rows(TEMPLATE, FunctionTable.Target.OWN_EMULATOR, id -> true, jdks(17), id -> true);

        assertThat(rows).extracting(FunctionTable.Row::logicalId).containsExactly("Worker", "Legacy");
        FunctionTable.Row worker = rows.get(0);
        assertThat(worker.where()).isEqualTo("local JVM, Java 17");
        assertThat(worker.triggers())
                .extracting(FunctionTable.Trigger::description)
                .containsExactly(
                        "S3 bucket Bucket s3:ObjectCreated:*",
                        "SQS Orders (FromQueue)",
                        "DynamoDB stream Table (FromStream)",
                        "schedule Nightly rate(1 day) (fire it with Schedule.fire())",
                        "invocations by cognito-idp.amazonaws.com (Cognito)");
        assertThat(FunctionTable.problems(rows))
                .containsExactly(
                        "function Worker, trigger invocations by cognito-idp.amazonaws.com (Cognito): cloudtest does "
                                + "not deliver events from cognito-idp to local functions; invoke the function from the "
                                + "test instead",
                        "function Legacy: the emulator cannot run python3.12 functions, and cloudtest runs Java "
                                + "functions (Runtime java*) only. Test it on AWS (a sandbox account), or leave its "
                                + "journeys out here.",
                        "function Legacy, trigger EventBridge rule LegacyRule: its function does not run");
        assertThat(FunctionTable.render("ct-x", rows))
                .contains("Worker  java17      local JVM, Java 17")
                .contains("<- SQS Orders (FromQueue)")
                .contains("Legacy  python3.12  -  NOT SERVED: the emulator cannot run python3.12");
    }

    @Test
    void a_resource_whose_condition_is_false_is_not_in_the_table() {
        List<FunctionTable.Row> rows = FunctionTable.rows(
                TEMPLATE, FunctionTable.Target.OWN_EMULATOR, id -> true, jdks(17), id -> !id.equals("Cognito"));

        assertThat(FunctionTable.problems(rows)).noneMatch(p -> p.contains("Cognito"));
        assertThat(rows.get(0).triggers()).noneMatch(t -> t.description().contains("Cognito"));
    }

    @Test
    void on_aws_push_triggers_reach_the_deployed_function_and_other_runtimes_are_deployed() {
        List<FunctionTable.Row> rows =
                FunctionTable.rows(TEMPLATE, FunctionTable.Target.AWS, id -> true, jdks(17), id -> true);

        assertThat(rows.get(1).where()).isEqualTo("deployed");
        assertThat(rows.get(1).local())
                .as("not a Java function: never refused for want of a JDK")
                .isFalse();
        assertThat(rows.get(1).notServed()).isEmpty();
        assertThat(FunctionTable.problems(rows))
                .contains("function Worker, trigger S3 bucket Bucket s3:ObjectCreated:*: on AWS the deployed function "
                        + "receives these events, not the local one");
    }

    @Test
    void a_runtime_without_its_java_runs_on_a_newer_one_with_a_caveat_or_not_at_all() throws IOException {
        Template java21 = Template.parse(
                "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: java21, Handler: a.B}\n",
                "test");

        FunctionTable.Row onNewer = FunctionTable.rows(
                        java21, FunctionTable.Target.OWN_EMULATOR, id -> true, jdks(17, 25), id -> true)
                .get(0);
        assertThat(onNewer.where()).isEqualTo("local JVM, Java 25 standing in for java21");
        assertThat(onNewer.caveat())
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("no Java 21 was found")
                .contains("cloudtest.local-functions.jdks");

        FunctionTable.Row none = FunctionTable.rows(
                        java21, FunctionTable.Target.OWN_EMULATOR, id -> true, jdks(11, 17), id -> true)
                .get(0);
        assertThat(none.notServed())
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .isEqualTo("no Java 21 or newer found for its Runtime java21 (found: [11, 17]). Install one, or name "
                        + "its home in cloudtest.local-functions.jdks.");
    }

    /** Only these fake installations (no discovery of this machine's). */
    private JavaRuntimes jdks(int... majors) {
        List<Path> homes = new java.util.ArrayList<>();
        try {
            for (int major : majors) {
                Path home = Files.createDirectories(dir.resolve("jdk-" + major));
                Files.createDirectories(home.resolve("bin"));
                Files.writeString(home.resolve("bin/java"), "");
                Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.1\"\n");
                homes.add(home);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return JavaRuntimes.of(homes);
    }
}
