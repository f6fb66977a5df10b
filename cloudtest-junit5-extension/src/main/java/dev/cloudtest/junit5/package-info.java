/** The JUnit Jupiter extension: {@code @CloudStack} gives a test class a deployed, ephemeral stack. */
package dev.cloudtest.junit5;
