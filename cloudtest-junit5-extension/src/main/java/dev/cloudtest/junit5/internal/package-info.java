/** The extension's implementation: not API, may change in any release. */
package dev.cloudtest.junit5.internal;
