package dev.cloudtest.core;

import java.util.Locale;

/** Where cloudtest provisions stacks ({@code cloudtest.target}). */
public enum TargetKind {
    /** A real AWS account, through the SDK's default credential and region chains. Guarded by an account allow list. */
    AWS,
    /** Any AWS-compatible endpoint that is already running ({@code cloudtest.endpoint}): moto, LocalStack, Floci. */
    ENDPOINT,
    /** A moto server that cloudtest starts itself on a free loopback port and stops at the end: the zero-setup default. */
    EMULATOR,
    /** An emulator image started through Testcontainers; needs Docker. */
    CONTAINER;

    /** The value as written in configuration: {@code aws}, {@code endpoint}, {@code emulator}, {@code container}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this target talks to an emulator rather than a real cloud account. */
    public boolean isEmulated() {
        return this != AWS;
    }
}
