package io.hexalog.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.Arrays;
import java.util.List;

/**
 * Slices each module into its top-level parts: {@code application.port} holds {@code port.in} and
 * {@code port.out}; classes directly in a module's package are a part of their own. An adapter's module is
 * three levels deep ({@code adapter.storage.memory}), and its {@code internal} package is looked through,
 * so that {@code internal.network} and {@code internal.handler} are separate parts.
 */
final class ModuleParts implements SliceAssignment {

    private static final String ADAPTER = "adapter";
    private static final String INTERNAL = "internal";

    private final String root;

    ModuleParts(String root) {
        this.root = root;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String packageName = javaClass.getPackageName();
        if (!packageName.startsWith(root + ".")) {
            return SliceIdentifier.ignore();
        }
        List<String> segments = Arrays.asList(packageName.substring(root.length() + 1).split("\\."));
        int moduleDepth = segments.get(0).equals(ADAPTER) ? 3 : 1;
        if (segments.size() < moduleDepth) {
            return SliceIdentifier.ignore();
        }
        int partDepth = moduleDepth + 1;
        if (segments.size() > moduleDepth && segments.get(moduleDepth).equals(INTERNAL)) {
            partDepth++;
        }
        return SliceIdentifier.of(String.join(".", segments.subList(0, Math.min(partDepth, segments.size()))));
    }

    @Override
    public String getDescription() {
        return "top-level parts of each module under " + root;
    }
}
