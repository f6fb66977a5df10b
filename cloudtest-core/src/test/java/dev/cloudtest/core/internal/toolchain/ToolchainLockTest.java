package dev.cloudtest.core.internal.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lock file: exact pins for {@code pip install -r}, and {@code #no-deps} pins installed after them alone. */
class ToolchainLockTest {
    @Test
    void a_no_deps_line_is_a_pin_that_pip_reads_as_a_comment() {
        ToolchainLock lock = new ToolchainLock("# tools\nmoto==5.2.5\nPyYAML==6.0.4\n#no-deps aws-sam-cli==1.170.0\n");

        assertThat(lock.withoutDependencies()).containsExactly("aws-sam-cli==1.170.0");
        assertThat(lock.version("aws_sam_cli")).contains("1.170.0");
        assertThat(lock.version("pyyaml")).contains("6.0.4");
    }

    @Test
    void the_shipped_lock_installs_sam_cli_without_its_dependencies_for_the_language_extensions() {
        ToolchainLock shipped = ToolchainLock.shipped();

        assertThat(shipped.withoutDependencies()).containsExactly("aws-sam-cli==1.170.0");
        assertThat(shipped.version(ToolchainLock.SAM_CLI)).contains("1.170.0");
        assertThat(shipped.version("pyyaml"))
                .as("the one dependency of samcli.lib.cfn_language_extensions, pinned by the rest of the lock")
                .isPresent();
    }
}
