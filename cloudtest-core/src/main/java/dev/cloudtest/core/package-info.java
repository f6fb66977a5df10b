/**
 * cloudtest core: targets, guards, stack provisioning and teardown, and the journey toolkit.
 *
 * <p>This package holds the public API; everything under {@code dev.cloudtest.core.internal} may change
 * without notice. Core depends on neither JUnit nor Maven: the extension and the plugin are thin adapters
 * over it.
 */
package dev.cloudtest.core;
