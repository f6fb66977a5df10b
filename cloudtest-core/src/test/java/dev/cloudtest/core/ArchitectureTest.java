package dev.cloudtest.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.cloudtest.core.internal.fixturealpha.Alpha;
import dev.cloudtest.core.internal.fixturebeta.Beta;
import dev.cloudtest.core.internal.lambda.LocalFunctionsHook;
import dev.cloudtest.core.internal.moto.MotoBucketNotifications;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.pipeline.StackPipeline;
import dev.cloudtest.core.journey.Probes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds core's shape: free of JUnit and Maven; no package cycles, neither among the public packages and the internal
 * ones nor among the internal ones; moto's gap-fillers and the local functions independent of each other and reached
 * only through the hook registry; the public packages reaching internals only through the pipeline's entry points; the
 * journey toolkit alone using AssertJ and Awaitility; quiet on the standard streams.
 */
class ArchitectureTest {
    private static final String CORE = "dev.cloudtest.core";
    private static final String INTERNAL = CORE + ".internal";

    private static final ArchRule NO_JUNIT_OR_MAVEN = noClasses()
            .that()
            .resideInAPackage(CORE + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.junit..", "org.apache.maven..", "org.codehaus.plexus..")
            .because("core is used by the JUnit extension and the Maven plugin, not the other way round");

    /**
     * One slice per public sub-package ({@code exception}, {@code report}, {@code journey}) and per internal package
     * ({@code internal.pipeline}, {@code internal.stack}, ...; {@code internal}'s own classes are one more). The root
     * package {@code dev.cloudtest.core} is no slice: it holds the facade ({@code CloudTestRun}) and the values every
     * layer shares ({@code Stack}, {@code CloudSession}, {@code CloudTestConfig}).
     */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (!name.startsWith(CORE + ".")) {
                return SliceIdentifier.ignore();
            }
            String[] parts = name.substring(CORE.length() + 1).split("\\.");
            if (!parts[0].equals("internal")) {
                return SliceIdentifier.of(parts[0]);
            }
            return SliceIdentifier.of(parts.length == 1 ? "internal" : "internal." + parts[1]);
        }

        @Override
        public String getDescription() {
            return "core's public sub-packages and internal packages";
        }
    };

    private static final ArchRule NO_PACKAGE_CYCLES =
            slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    private static final ArchRule NO_INTERNAL_CYCLES =
            slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles();

    private static final ArchRule MOTO_DOES_NOT_USE_LAMBDA = noClasses()
            .that()
            .resideInAPackage(INTERNAL + ".moto..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INTERNAL + ".lambda..")
            .because("moto's gap-fillers and the local functions are separate hooks");

    private static final ArchRule LAMBDA_DOES_NOT_USE_MOTO = noClasses()
            .that()
            .resideInAPackage(INTERNAL + ".lambda..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INTERNAL + ".moto..")
            .because("moto's gap-fillers and the local functions are separate hooks");

    /** The hook packages; a new hook package is added here and to HookRegistry. */
    private static final String[] HOOK_PACKAGES = {INTERNAL + ".moto..", INTERNAL + ".lambda.."};

    private static final ArchRule HOOKS_ONLY_THROUGH_THE_REGISTRY = noClasses()
            .that()
            .resideOutsideOfPackages(HOOK_PACKAGES)
            .and()
            .doNotHaveFullyQualifiedName(INTERNAL + ".pipeline.HookRegistry")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HOOK_PACKAGES)
            .because("a hook is reached through the StackHook interface; only HookRegistry names hook classes");

    /**
     * The exact rule: a class in a public package ({@code dev.cloudtest.core}, {@code .exception}, {@code .report},
     * {@code .journey}) may use an internal class only if it is one of the pipeline's entry points ({@code
     * internal.pipeline}) or in a leaf helper package: {@code internal} itself (duration text), {@code internal.naming}
     * (run ids, stack names and tags), {@code internal.probe} and {@code internal.http} (the journey toolkit's own
     * helpers), {@code internal.cdk} (reading a CDK cloud assembly into the template a spec provisions). {@link #LEAF_HELPERS_ARE_LEAVES} keeps those helpers free of the machinery.
     */
    private static final ArchRule PUBLIC_USES_INTERNALS_ONLY_THROUGH_ENTRY_POINTS = classes()
            .that()
            .resideOutsideOfPackage(INTERNAL + "..")
            .and()
            .resideInAPackage(CORE + "..")
            .should()
            .onlyDependOnClassesThat(DescribedPredicate.describe(
                    "outside core's internals, or in internal.pipeline or a leaf helper package",
                    (JavaClass target) -> !target.getPackageName().startsWith(INTERNAL)
                            || target.getPackageName().equals(INTERNAL)
                            || target.getPackageName().startsWith(INTERNAL + ".pipeline")
                            || target.getPackageName().startsWith(INTERNAL + ".naming")
                            || target.getPackageName().startsWith(INTERNAL + ".probe")
                            || target.getPackageName().startsWith(INTERNAL + ".http")
                            || target.getPackageName().startsWith(INTERNAL + ".cdk")));

    private static final ArchRule LEAF_HELPERS_ARE_LEAVES = noClasses()
            .that()
            .resideInAnyPackage(
                    INTERNAL, INTERNAL + ".naming..", INTERNAL + ".probe..", INTERNAL + ".http..", INTERNAL + ".cdk..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    INTERNAL + ".pipeline..",
                    INTERNAL + ".hook..",
                    INTERNAL + ".stack..",
                    INTERNAL + ".target..",
                    INTERNAL + ".moto..",
                    INTERNAL + ".lambda..",
                    INTERNAL + ".packaging..",
                    INTERNAL + ".guard..",
                    INTERNAL + ".sweep..",
                    INTERNAL + ".handover..",
                    INTERNAL + ".template..")
            .because("the helpers public classes may use must not lead into the provisioning machinery");

    private static final ArchRule ASSERTJ_AND_AWAITILITY_ONLY_IN_THE_JOURNEY_TOOLKIT = noClasses()
            .that()
            .resideOutsideOfPackage(CORE + ".journey..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.assertj..", "org.awaitility..")
            .because("they are optional dependencies of core, present only where the journey toolkit is used");

    /**
     * Library code logs through SLF4J; the one exception is the console fallback for applications without an SLF4J
     * provider ({@code Loggers.ConsoleLogger}), which exists to write cloudtest's lines to standard error.
     */
    private static final ArchRule NO_STANDARD_STREAMS = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(INTERNAL + ".Loggers$ConsoleLogger")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("cloudtest logs through SLF4J (Loggers), and falls back to the console in one place only");

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
        assertThat(main.contain(StackPipeline.class)).isTrue();
        assertThat(main.contain(LocalFunctionsHook.class)).isTrue();
        assertThat(main.contain(MotoBucketNotifications.class)).isTrue();
        assertThat(main.contain(Probes.class)).isTrue();
        assertThat(main.contain(ArchitectureTest.class)).isFalse();
        assertThat(main.contain(Alpha.class)).isFalse();
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
    void internal_packages_have_no_cycles() {
        NO_INTERNAL_CYCLES.check(main);
    }

    @Test
    void moto_gap_fillers_and_local_functions_do_not_depend_on_each_other() {
        MOTO_DOES_NOT_USE_LAMBDA.check(main);
        LAMBDA_DOES_NOT_USE_MOTO.check(main);
    }

    @Test
    void nothing_but_the_hook_registry_names_a_hook_class() {
        HOOKS_ONLY_THROUGH_THE_REGISTRY.check(main);
    }

    @Test
    void public_packages_reach_internals_only_through_the_pipeline_entry_points() {
        PUBLIC_USES_INTERNALS_ONLY_THROUGH_ENTRY_POINTS.check(main);
        LEAF_HELPERS_ARE_LEAVES.check(main);
    }

    @Test
    void only_the_journey_toolkit_uses_assertj_and_awaitility() {
        ASSERTJ_AND_AWAITILITY_ONLY_IN_THE_JOURNEY_TOOLKIT.check(main);
    }

    @Test
    void core_does_not_write_to_standard_streams() {
        NO_STANDARD_STREAMS.check(main);
    }

    @Test
    void cycle_rules_fail_for_a_deliberate_cycle_between_internal_packages() {
        JavaClasses cycle = new ClassFileImporter().importClasses(Alpha.class, Beta.class);

        assertThatThrownBy(() -> NO_INTERNAL_CYCLES.check(cycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
        assertThatThrownBy(() -> NO_PACKAGE_CYCLES.check(cycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void hook_rule_fails_for_a_class_outside_the_registry_that_names_a_hook() {
        JavaClasses namesHook = new ClassFileImporter().importClasses(NamesAHook.class, LocalFunctionsHook.class);

        assertThatThrownBy(() -> HOOKS_ONLY_THROUGH_THE_REGISTRY.check(namesHook))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LocalFunctionsHook");
    }

    @Test
    void entry_point_rule_fails_for_a_public_class_that_reaches_into_the_machinery() {
        JavaClasses reaches = new ClassFileImporter().importClasses(ReachesIn.class);

        assertThatThrownBy(() -> PUBLIC_USES_INTERNALS_ONLY_THROUGH_ENTRY_POINTS.check(reaches))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("StackTeardown");
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

    /** Violates the hook rule on purpose (it sits outside the hook packages and the registry); never called. */
    static final class NamesAHook {
        Object hook() {
            return LocalFunctionsHook.PROVIDER;
        }
    }

    /** Violates the entry-point rule on purpose (a public-package class using the teardown directly); never called. */
    static final class ReachesIn {
        Object teardown() {
            return dev.cloudtest.core.internal.stack.StackTeardown.ownedByRun("r");
        }
    }
}
