/** Maven goals over cloudtest core: provision, teardown, sweep and check. */
package dev.cloudtest.maven;
