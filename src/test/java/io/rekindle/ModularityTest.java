package io.rekindle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    /** The feature packages: everything under io.rekindle but the engine seam. */
    private static final String[] FEATURES = {"io.rekindle.classification..", "io.rekindle.contact..",
        "io.rekindle.deliverability..", "io.rekindle.email..", "io.rekindle.events..", "io.rekindle.experiment..",
        "io.rekindle.gdpr..", "io.rekindle.journey..", "io.rekindle.kpi..", "io.rekindle.offer..",
        "io.rekindle.outbox..", "io.rekindle.pressure..", "io.rekindle.simulation..", "io.rekindle.sms..",
        "io.rekindle.streams..", "io.rekindle.survey..", "io.rekindle.system..", "io.rekindle.tracking..",
        "io.rekindle.unsubscribe.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rekindle");

    @Test
    void featuresKeepTheirBoundaries() {
        ApplicationModules.of(RekindleApplication.class).verify();
    }

    @Test
    void onlyTheEnginePackageKnowsTheEngine() {
        noClasses().that().resideOutsideOfPackage("io.rekindle.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda..")
                .because("moving to Operaton (org.operaton) must mean changing io.rekindle.engine only")
                .check(MAIN);
    }

    @Test
    void engineInternalsInOneClass() {
        classes().that().resideInAPackage("io.rekindle..")
                .and().haveNameNotMatching("io\\.rekindle\\.engine\\.EngineInternals(\\$.*)?")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("org.camunda..impl..",
                        "org.camunda..dmn.engine.impl..")
                .because("engine internals change without notice: EngineInternals is the one place to check")
                .check(MAIN);
    }

    @Test
    void theEngineSeamKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.rekindle.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .because("features call the engine, not the other way round")
                .check(MAIN);
    }
}
