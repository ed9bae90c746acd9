package dev.sluice.it;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of Sluice's packages, over the main classes of every module (this module depends on all of them):
 * no package cycles, {@code internals} only for the package they belong to, an analysis that knows nothing of Kafka,
 * and shipped code that never reaches into the test kit, the benchmarks or the broker.
 */
class PackageLayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice");
        // A rule over no classes proves nothing: make sure every module's classes were found.
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains("dev.sluice.analysis", "dev.sluice.example", "dev.sluice.batching", "dev.sluice.topology",
                        "dev.sluice.modes", "dev.sluice.schemas", "dev.sluice.sources", "dev.sluice.connect",
                        "dev.sluice.cli", "dev.sluice.testkit", "dev.sluice.bench", "dev.sluice.bench.peers",
                        "dev.sluice.peers", "dev.sluice.peers.flink", "dev.sluice.peers.spark");
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("dev.sluice.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldUseInternalsOnlyFromThePackageTheyBelongTo() {
        ArchRule rule = classes().that().resideInAPackage("..internals..").should(onlyBeUsedFromTheirParentPackage());
        rule.check(classes);
    }

    @Test
    void shouldKeepTheAnalysisFreeOfKafkaAndOfTheRestOfSluice() {
        classes().that().resideInAPackage("dev.sluice.analysis..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.sluice.analysis..", "java..",
                        "com.fasterxml.jackson.core..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void shouldLetTheExamplePluginUseOnlyTheAnalysisApi() {
        classes().that().resideInAPackage("dev.sluice.example..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.sluice.example..", "dev.sluice.analysis",
                        "java..")
                .check(classes);
    }

    @Test
    void shouldKeepShippedCodeAwayFromTheTestKitBenchmarksAndBroker() {
        noClasses().that().resideOutsideOfPackages("dev.sluice.testkit..", "dev.sluice.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sluice.testkit..", "dev.sluice.bench..",
                        "kafka..", "org.apache.kafka.connect.runtime..", "org.apache.kafka.tools..", "org.postgresql..",
                        "org.junit..", "org.awaitility..")
                .check(classes);
    }

    @Test
    void shouldKeepFlinkAndSparkInTheBenchmarkPeers() {
        // The peer jobs run in child JVMs on their own class paths; nothing else may need their engines.
        noClasses().that().resideOutsideOfPackages("dev.sluice.peers..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.spark..",
                        "scala..", "dev.sluice.peers..")
                .check(classes);
        // Both jobs do the same work, through the common part, and neither uses the other.
        noClasses().that().resideInAPackage("dev.sluice.peers.flink..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sluice.peers.spark..", "org.apache.spark..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.sluice.peers.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sluice.peers.flink..", "org.apache.flink..")
                .check(classes);
    }

    /** Classes of {@code a.b.internals..} may be used by {@code a.b} and its other subpackages, by nothing else. */
    private static ArchCondition<JavaClass> onlyBeUsedFromTheirParentPackage() {
        return new ArchCondition<>("only be used from the package their internals belong to") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String name = internal.getPackageName();
                String parent = name.substring(0, name.indexOf(".internals"));
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                    String from = dependency.getOriginClass().getPackageName();
                    if (!from.equals(parent) && !from.startsWith(parent + ".")) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
