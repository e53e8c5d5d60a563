package io.hexalog.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Which modules an import holds code of. */
final class ImportedModules {

    private ImportedModules() {
    }

    /**
     * The modules under {@code root} of which {@code classes} hold no class. A {@code package-info} does
     * not count: a package with nothing but documentation gives the rules nothing to check.
     */
    static Set<HexalogModule> missingIn(JavaClasses classes, String root) {
        return Arrays.stream(HexalogModule.values())
                .filter(module -> classes.stream().noneMatch(javaClass -> holdsCodeOf(javaClass, module, root)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(HexalogModule.class)));
    }

    private static boolean holdsCodeOf(JavaClass javaClass, HexalogModule module, String root) {
        String modulePackage = module.packageUnder(root);
        String packageName = javaClass.getPackageName();
        boolean inModule = packageName.equals(modulePackage) || packageName.startsWith(modulePackage + ".");
        return inModule && !javaClass.getSimpleName().equals("package-info");
    }
}
