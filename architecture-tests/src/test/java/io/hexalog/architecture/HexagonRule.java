package io.hexalog.architecture;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.hexalog.architecture.HexalogModule.APPLICATION;
import static io.hexalog.architecture.HexalogModule.BOOTSTRAP;
import static io.hexalog.architecture.HexalogModule.DOMAIN;
import static io.hexalog.architecture.HexalogModule.PROTOCOL_KAFKA_ADAPTER;
import static io.hexalog.architecture.HexalogModule.STORAGE_ROCKSDB_ADAPTER;

/**
 * The boundaries of the hexagon, each defined once for any root package: {@code io.hexalog} for the real
 * code, a fixture package in the tests that prove every rule can fail.
 *
 * <p>Every rule allows an empty selection: whether each module's classes were imported at all is checked
 * once, by {@code ImportedModulesTest}, instead of by the rule that happens to select them.
 */
public enum HexagonRule {

    DOMAIN_DEPENDS_ONLY_ON_THE_JDK {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(DOMAIN.treeUnder(root))
                    .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN.treeUnder(root), JDK)
                    .because("the domain is the model of a Kafka log and nothing else");
        }
    },

    APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(APPLICATION.treeUnder(root))
                    .should().onlyDependOnClassesThat()
                    .resideInAnyPackage(APPLICATION.treeUnder(root), DOMAIN.treeUnder(root), JDK)
                    .because("use cases reach the outside world only through their outbound ports");
        }
    },

    ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER {
        @Override
        ArchRule define(String root) {
            // One slice per adapter module, adapter.<kind>.<name>, so an adapter added later is covered too.
            return slices().matching(root + ".adapter.(*).(*)..").namingSlices("adapter $1.$2")
                    .should().notDependOnEachOther()
                    .because("adapters meet only through the application's ports, wired by bootstrap");
        }
    },

    ADAPTERS_DO_NOT_DEPEND_ON_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return noClasses().that().resideInAPackage(adapters(root))
                    .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP.treeUnder(root))
                    .because("bootstrap assembles the adapters, never the other way round");
        }
    },

    DEPENDENCY_INJECTION_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "com.google.inject..", "jakarta.inject..", "javax.inject..")
                    .because("every class is constructed explicitly in bootstrap's Guice modules");
        }
    },

    PICOCLI_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "picocli..")
                    .because("flags are parsed once, in bootstrap, into plain settings");
        }
    },

    LOGBACK_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "ch.qos.logback..")
                    .because("code logs through slf4j; only bootstrap chooses and configures the backend");
        }
    },

    NETTY_ONLY_IN_THE_PROTOCOL_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, PROTOCOL_KAFKA_ADAPTER, "io.netty..")
                    .because("the network is the protocol adapter's business alone");
        }
    },

    KAFKA_ONLY_IN_THE_PROTOCOL_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, PROTOCOL_KAFKA_ADAPTER, "org.apache.kafka..")
                    .because("Kafka's generated message classes are not a public API and move between"
                            + " releases; keeping them in one adapter keeps an upgrade's churn there");
        }
    },

    ROCKSDB_ONLY_IN_THE_ROCKSDB_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, STORAGE_ROCKSDB_ADAPTER, "org.rocksdb..")
                    .because("storage is pluggable: only its adapter knows which database is behind a port");
        }
    },

    DOMAIN_AND_APPLICATION_CARRY_NO_FRAMEWORK_ANNOTATIONS {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAnyPackage(DOMAIN.treeUnder(root), APPLICATION.treeUnder(root))
                    .should(ForeignAnnotations.carryOnlyAnnotationsFrom(JDK, root + ".."))
                    .because("services are built in bootstrap's @Provides methods, not found by a framework");
        }
    },

    NO_CYCLES_BETWEEN_PACKAGES {
        @Override
        ArchRule define(String root) {
            // Every package is a slice of its own, so a cycle between two packages of one module is caught,
            // between siblings (port.in, port.out) as well as between a package and its parent. Slicing by
            // module (root.(*)..) would add nothing: Maven already refuses cyclic module dependencies, and
            // it would put all adapters in one slice.
            return slices().matching(root + ".(**)").namingSlices("package $1")
                    .should().beFreeOfCycles();
        }
    },

    NO_CYCLES_BETWEEN_THE_PARTS_OF_A_MODULE {
        @Override
        ArchRule define(String root) {
            // Package slices miss a cycle that runs through different packages of two sub-trees
            // (network -> handler.produce, handler.fetch -> network); slicing each module into its
            // top-level parts catches it without flagging the package-level structure inside one part.
            return slices().assignedFrom(new ModuleParts(root)).should().beFreeOfCycles();
        }
    },

    ADAPTERS_EXPOSE_ONLY_THEIR_ENTRY_POINTS {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(adapters(root))
                    .and().resideOutsideOfPackage(adapterInternals(root))
                    .and().arePublic().and().areTopLevelClasses()
                    .should(be(AdapterEntryPoints.listedUnder(root)))
                    .because("an adapter's internals are package-private behind the one entry point bootstrap"
                            + " wires; make the class package-private, move it under the adapter's internal"
                            + " package, or list a new entry point in AdapterEntryPoints");
        }
    },

    ADAPTER_INTERNALS_STAY_INSIDE_THE_ADAPTER {
        @Override
        ArchRule define(String root) {
            // Adapters do not depend on each other, so only the rest of the hexagon can reach in.
            return noClasses().that().resideOutsideOfPackage(adapters(root))
                    .should().dependOnClassesThat().resideInAPackage(adapterInternals(root))
                    .because("an adapter's internal package is public only for the adapter's own sub-packages");
        }
    };

    private static final String JDK = "java..";

    /** This rule for the hexagon under {@code root}, e.g. {@code io.hexalog}. */
    public ArchRule forRoot(String root) {
        return define(root).allowEmptyShould(true);
    }

    abstract ArchRule define(String root);

    private static ArchRule onlyModuleUses(String root, HexalogModule module, String... libraries) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(module.treeUnder(root))
                .should().dependOnClassesThat().resideInAnyPackage(libraries);
    }

    private static String adapters(String root) {
        return root + ".adapter..";
    }

    private static String adapterInternals(String root) {
        return root + ".adapter.*.*.internal..";
    }
}
