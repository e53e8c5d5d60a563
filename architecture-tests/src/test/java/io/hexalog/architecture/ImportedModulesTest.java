package io.hexalog.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule allows an empty selection, and a rule over no classes passes: this test makes sure the import
 * the rules run on holds code of every module.
 */
class ImportedModulesTest {

    private static final String COMPLIANT = "io.hexalog.architecture.fixture.compliant";
    private static final String SKELETON = "io.hexalog.architecture.fixture.skeleton";

    @ParameterizedTest(name = "{0}")
    @EnumSource(HexalogModule.class)
    void mainClassesOfEveryModuleAreImported(HexalogModule module) {
        assertThat(ImportedModules.missingIn(HexalogClasses.main(), HexalogClasses.ROOT))
                .as("main classes imported from %s", module.packageUnder(HexalogClasses.ROOT))
                .doesNotContain(module);
    }

    @Test
    void findsNothingMissingWhenEveryModuleHasCode() {
        assertThat(ImportedModules.missingIn(HexalogClasses.fixture(COMPLIANT), COMPLIANT)).isEmpty();
    }

    @Test
    void reportsEveryModuleLeftOutOfTheImport() {
        var domainOnly = new ClassFileImporter().importPackages(HexalogModule.DOMAIN.packageUnder(COMPLIANT));

        assertThat(ImportedModules.missingIn(domainOnly, COMPLIANT))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(HexalogModule.DOMAIN)));
    }

    @Test
    void doesNotCountAPackageThatHoldsOnlyDocumentation() {
        var skeleton = HexalogClasses.fixture(SKELETON);

        assertThat(skeleton.contain(SKELETON + ".domain.package-info")).isTrue();
        assertThat(ImportedModules.missingIn(skeleton, SKELETON)).contains(HexalogModule.DOMAIN);
    }
}
