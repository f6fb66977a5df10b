package dev.cloudtest.core.exception;

import java.util.List;

/**
 * A template requires parameters (no {@code Default}) that were not given. Nothing has been created. The message says
 * how to pass them in Java and in the JUnit annotation; the Maven plugin says it in its own syntax.
 */
public class MissingParametersException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String template;
    private final List<String> parameters;

    public MissingParametersException(String template, List<String> parameters) {
        super("Template " + template + " requires parameter(s) " + String.join(", ", parameters)
                + " (no Default), and no value was given. Pass them, e.g. .parameter(\"" + parameters.get(0)
                + "\", \"...\") on the StackSpec or @CloudStack(parameters = \"" + parameters.get(0) + "=...\").");
        this.template = template;
        this.parameters = List.copyOf(parameters);
    }

    /** Where the template came from. */
    public String template() {
        return template;
    }

    /** The parameters without a value, in template order. */
    public List<String> parameters() {
        return parameters;
    }
}
