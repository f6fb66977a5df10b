package dev.cloudtest.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.cloudtest.core.internal.stack.StackNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps core free of JUnit and Maven, free of package cycles, and quiet on the standard streams. */
class ArchitectureTest {
    private static final String CORE = "dev.cloudtest.core";

    private static final ArchRule NO_JUNIT_OR_MAVEN = noClasses()
            .that()
            .resideInAPackage(CORE + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.junit..", "org.apache.maven..", "org.codehaus.plexus..")
            .because("core is used by the JUnit extension and the Maven plugin, not the other way round");

    private static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching(CORE + ".(*)..").should().beFreeOfCycles();

    private static final ArchRule NO_STANDARD_STREAMS = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    @Test
    void rules_see_core_main_classes_and_no_tests() {
        // Guards against rules that pass because they check nothing.
        assertThat(main.contain(CloudTestConfig.class)).isTrue();
        assertThat(main.contain(StackNames.class)).isTrue();
        assertThat(main.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void core_depends_on_neither_junit_nor_maven() {
        NO_JUNIT_OR_MAVEN.check(main);
    }

    @Test
    void core_packages_have_no_cycles() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void core_does_not_write_to_standard_streams() {
        NO_STANDARD_STREAMS.check(main);
    }

    @Test
    void junit_rule_fails_for_a_core_class_that_uses_junit() {
        // This test class is in dev.cloudtest.core and uses JUnit: exactly what the rule forbids in main code.
        JavaClasses usesJunit = new ClassFileImporter().importClasses(ArchitectureTest.class);

        assertThatThrownBy(() -> NO_JUNIT_OR_MAVEN.check(usesJunit))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.junit");
    }

    @Test
    void standard_streams_rule_fails_for_a_class_that_prints() {
        JavaClasses prints = new ClassFileImporter().importClasses(Prints.class);

        assertThatThrownBy(() -> NO_STANDARD_STREAMS.check(prints))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("System.out");
    }

    /** Violates the standard-streams rule on purpose; never called. */
    static final class Prints {
        void report() {
            System.out.println("progress");
        }
    }
}
