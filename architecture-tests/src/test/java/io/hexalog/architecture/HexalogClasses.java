package io.hexalog.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

import java.util.regex.Pattern;

/** The classes the rules are checked against. */
final class HexalogClasses {

    static final String ROOT = "io.hexalog";

    private HexalogClasses() {
    }

    /** The main classes of every module; imported once, as the import reads every jar of the build. */
    static JavaClasses main() {
        return Main.CLASSES;
    }

    /** Every class under a fixture root package, test classes included: fixtures are test classes. */
    static JavaClasses fixture(String root) {
        return new ClassFileImporter().importPackages(root);
    }

    private static final class Main {
        static final JavaClasses CLASSES = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(new DoNotIncludeTestJars())
                .importPackages(ROOT);
    }

    /** Leaves out test-jars (application's port contract suites) should one land on the classpath. */
    private static final class DoNotIncludeTestJars implements ImportOption {

        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

        @Override
        public boolean includes(Location location) {
            return !location.matches(TEST_JAR);
        }
    }
}
