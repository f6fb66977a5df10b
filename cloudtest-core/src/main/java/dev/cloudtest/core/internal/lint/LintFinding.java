package dev.cloudtest.core.internal.lint;

import java.util.List;
import java.util.Optional;

/**
 * One cfn-lint finding on the template as the user wrote it.
 *
 * @param rule the rule id, e.g. {@code E3002}
 * @param severity {@code error}, {@code warning} or {@code informational}
 * @param message cfn-lint's message
 * @param line 1-based line in the written template
 * @param column 1-based column
 * @param path where in the template, e.g. {@code [Resources, Queue, Properties, VisibilityTimout]}
 */
public record LintFinding(String rule, String severity, String message, int line, int column, List<String> path) {
    public LintFinding {
        path = List.copyOf(path);
    }

    /** Whether CloudFormation would refuse the template for it. */
    public boolean error() {
        return "error".equals(severity);
    }

    /** Whether it is a warning (not informational). */
    public boolean warning() {
        return "warning".equals(severity);
    }

    /** The logical id of the resource it is about, if it is about one. */
    public Optional<String> resource() {
        return path.size() > 1 && "Resources".equals(path.get(0)) ? Optional.of(path.get(1)) : Optional.empty();
    }

    /** {@code E3002 orders.yaml:6:7 resource Queue: Additional properties ...}: one line of an error or log. */
    public String format(String fileName) {
        return rule + " " + fileName + ":" + line + ":" + column
                + resource().map(r -> " resource " + r).orElse(path.isEmpty() ? "" : " " + String.join("/", path))
                + ": " + message.replace('\n', ' ');
    }
}
