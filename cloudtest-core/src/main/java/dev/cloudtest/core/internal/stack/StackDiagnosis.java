package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** What to tell the user when a stack fails or the target refuses it: the cause, not an event dump. */
final class StackDiagnosis {
    private StackDiagnosis() {}

    /** The diagnosis of a failed stack: the first resource that failed and why, not an event dump. */
    record Diagnosis(String text, String logicalId) {}

    static Diagnosis diagnose(CloudFormationClient cfn, String stackId, StackStatus status, String stackReason) {
        List<StackEvent> events;
        try {
            events = new ArrayList<>(cfn.describeStackEventsPaginator(r -> r.stackName(stackId)).stackEvents().stream()
                    .toList());
        } catch (CloudFormationException e) {
            events = List.of();
        }
        events.sort(Comparator.comparing(StackEvent::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
        Optional<StackEvent> first = events.stream()
                .filter(e -> e.resourceStatusAsString() != null
                        && e.resourceStatusAsString().endsWith("_FAILED"))
                .filter(e -> !e.logicalResourceId().equals(e.stackName()))
                .filter(e -> e.resourceStatusReason() == null
                        || !e.resourceStatusReason().contains("Resource creation cancelled"))
                .findFirst();
        if (first.isPresent()) {
            StackEvent e = first.get();
            return new Diagnosis(
                    "resource " + e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString()
                            + ": "
                            + Optional.ofNullable(e.resourceStatusReason()).orElse("no reason given")
                            + " (stack status "
                            + status + ").",
                    e.logicalResourceId());
        }
        return new Diagnosis(
                "the stack ended in " + status
                        + Optional.ofNullable(stackReason)
                                .map(r -> ": " + r)
                                .orElse(" without a reason from CloudFormation")
                        + ".",
                null);
    }

    /** The target refused CreateStack itself; emulators answer HTTP 500 for some invalid properties. */
    static String rejection(
            SdkServiceException e, Template template, String operation, java.util.Optional<String> logged) {
        String message = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                        && aws.awsErrorDetails() != null
                        && aws.awsErrorDetails().errorMessage() != null
                ? aws.awsErrorDetails().errorMessage()
                : e.getMessage();
        if (e.statusCode() >= 500 && logged.isPresent()) {
            return "the target answered HTTP " + e.statusCode() + " to " + operation + ": " + logged.get() + ".";
        }
        if (e.statusCode() == 503 || e.isThrottlingException()) {
            return operation + " was refused for now (HTTP " + e.statusCode() + ", retried): " + firstLine(message)
                    + ". The target is overloaded or unavailable; run again later.";
        }
        if (e.statusCode() >= 500) {
            return "the target answered HTTP " + e.statusCode() + " to " + operation + ": " + firstLine(message)
                    + ". Emulators answer this way to resource properties they cannot process; check the properties "
                    + "of the template's resources ("
                    + String.join(", ", template.resources().keySet()) + ").";
        }
        return operation + " was rejected (HTTP " + e.statusCode() + "): " + firstLine(message) + ".";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        String trimmed = text.strip();
        int nl = trimmed.indexOf('\n');
        String line = nl < 0 ? trimmed : trimmed.substring(0, nl);
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
