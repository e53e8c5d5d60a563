package io.hexalog.architecture;

import com.google.inject.Provides;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.hexalog.architecture.HexalogModule.APPLICATION;
import static io.hexalog.architecture.HexalogModule.BOOTSTRAP;
import static io.hexalog.architecture.HexalogModule.DOMAIN;
import static io.hexalog.architecture.HexalogModule.HTTP_ADMIN_ADAPTER;
import static io.hexalog.architecture.HexalogModule.JUNIT;
import static io.hexalog.architecture.HexalogModule.PROTOCOL_KAFKA_ADAPTER;
import static io.hexalog.architecture.HexalogModule.REPLICATION_RATIS_ADAPTER;
import static io.hexalog.architecture.HexalogModule.STORAGE_MEMORY_ADAPTER;
import static io.hexalog.architecture.HexalogModule.STORAGE_ROCKSDB_ADAPTER;

/**
 * The boundaries of the hexagon, each defined once for any root package: {@code io.hexalog} for the real
 * code, a fixture package in the tests that prove every rule can fail.
 *
 * <p>Each rule's Javadoc names the mistake it catches. Some mistakes Maven already refuses, because a module
 * cannot compile against a module or library its POM does not declare; a rule that repeats such a refusal
 * says so and is kept as a second line of defence, for the day someone adds the dependency to the POM. A
 * mistake Maven refuses however the POMs are edited has no rule: an adapter depending on bootstrap, say, is
 * a module cycle, since bootstrap depends on every adapter.
 *
 * <p>Every rule allows an empty selection: whether each module's classes were imported at all is checked
 * once, by {@code ImportedModulesTest}, instead of by the rule that happens to select them.
 */
public enum HexagonRule {

    /**
     * Catches the domain reaching for a library (a Netty buffer inside a batch, a logging call, a cache)
     * or for another module. Second line of defence: the domain's POM declares no dependency, so Maven
     * refuses this today; the rule keeps refusing the day a library is added to that POM, which is how
     * the mistake would be made.
     */
    DOMAIN_DEPENDS_ONLY_ON_THE_JDK {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(DOMAIN.treeUnder(root))
                    .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN.treeUnder(root), JDK)
                    .because("the domain is the model of a Kafka log and nothing else");
        }
    },

    /**
     * Catches a service using a library or an adapter directly instead of through an outbound port.
     * Second line of defence: the application's POM declares only the domain, so Maven refuses this today
     * (and would refuse an adapter dependency outright, as a cycle); the rule keeps refusing the day a
     * library is added to that POM.
     */
    APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(APPLICATION.treeUnder(root))
                    .should().onlyDependOnClassesThat()
                    .resideInAnyPackage(APPLICATION.treeUnder(root), DOMAIN.treeUnder(root), JDK)
                    .because("use cases reach the outside world only through their outbound ports");
        }
    },

    /**
     * Catches one adapter using another instead of meeting it through a port: the RocksDB store reusing the
     * memory store's classes, the protocol adapter reading a store directly. Second line of defence: no
     * adapter's POM depends on another in main scope, so Maven refuses this today; the rule keeps refusing
     * if one is added, which takes deleting one line: the protocol adapter already depends on the memory
     * adapter, in test scope. It covers adapters added later without a rule of their own.
     */
    ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER {
        @Override
        ArchRule define(String root) {
            // One slice per adapter module, adapter.<kind>.<name>, so an adapter added later is covered too.
            return slices().matching(root + ".adapter.(*).(*)..").namingSlices("adapter $1.$2")
                    .should().notDependOnEachOther()
                    .because("adapters meet only through the application's ports, wired by bootstrap");
        }
    },

    /**
     * Catches an adapter calling a concrete service, or any application class other than a port, instead
     * of the inbound port it is handed: a handler built on {@code ProduceService} rather than
     * {@code ProduceUseCase} cannot be given a decorated or replaced service, and its tests need the real
     * service graph. Maven allows it: adapters depend on the application module.
     */
    ADAPTERS_USE_ONLY_PORTS_AND_THE_DOMAIN {
        @Override
        ArchRule define(String root) {
            DescribedPredicate<JavaClass> applicationBehindThePorts = resideInAPackage(APPLICATION.treeUnder(root))
                    .and(resideOutsideOfPackages(Ports.inboundPackage(root), Ports.outboundPackage(root)))
                    .as("are application classes outside the ports");
            return noClasses().that().resideInAPackage(adapters(root))
                    .should().dependOnClassesThat(applicationBehindThePorts)
                    .because("an adapter calls the use cases through their inbound ports and implements"
                            + " outbound ports; services and the service graph are the application's own");
        }
    },

    /**
     * Catches a class outside bootstrap using Guice or an {@code @Inject} annotation, so that it is found and
     * built by an injector instead of constructed in a module. Second line of defence: only bootstrap
     * declares Guice, and it reaches no other module, so Maven refuses this today; the rule keeps refusing
     * the day {@code jakarta.inject-api} is added to a module's POM to annotate a constructor.
     */
    DEPENDENCY_INJECTION_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "com.google.inject..", "jakarta.inject..", "javax.inject..")
                    .because("every class is constructed explicitly in bootstrap's Guice modules");
        }
    },

    /**
     * Catches a bootstrap Guice module providing a concrete service, which lets other providers ask for the
     * service class instead of its port (the Kafka listener built on {@code ProduceService} rather than
     * {@code ProduceUseCase}), so the port can no longer be re-bound. Maven allows it: bootstrap depends on
     * the application. Bindings made in {@code configure()} are not read; the modules use {@code @Provides}.
     */
    GUICE_MODULES_PROVIDE_PORTS_NOT_SERVICES {
        @Override
        ArchRule define(String root) {
            return noMethods().that().areDeclaredInClassesThat().resideInAPackage(root + "..")
                    .and().areAnnotatedWith(Provides.class)
                    .should().haveRawReturnType(implement(Ports.inbound(root)).as("that implements an inbound port"))
                    .because("modules bind the inbound ports; which class implements one is the application's"
                            + " business");
        }
    },

    /**
     * Catches a module parsing flags of its own. Second line of defence: only bootstrap declares picocli,
     * so Maven refuses this today; the rule keeps refusing the day picocli is added to an adapter's POM to
     * give it options of its own.
     */
    PICOCLI_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "picocli..")
                    .because("flags are parsed once, in bootstrap, into plain settings");
        }
    },

    /**
     * Catches code calling the logging backend (setting a level, adding an appender) or rerouting another logging
     * API into it (the java.util.logging bridge) instead of logging through slf4j. Second line of defence: only
     * bootstrap declares logback and the bridge, and kafka-clients brings the protocol adapter slf4j alone, so
     * Maven refuses this today; the rule keeps refusing the day either is added to another module's POM.
     */
    LOGBACK_ONLY_IN_BOOTSTRAP {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, BOOTSTRAP, "ch.qos.logback..", "org.slf4j.bridge..")
                    .because("code logs through slf4j; only bootstrap chooses and configures the backend");
        }
    },

    /**
     * Catches Netty outside the protocol adapter: bootstrap tuning an allocator, the domain holding a
     * {@code ByteBuf}. The first line of defence in bootstrap, which sees Netty through the protocol
     * adapter's compile dependencies; a second line in the other modules, which do not see it.
     */
    NETTY_ONLY_IN_THE_PROTOCOL_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, PROTOCOL_KAFKA_ADAPTER, "io.netty..")
                    .because("the network is the protocol adapter's business alone");
        }
    },

    /**
     * Catches Kafka's classes outside the protocol adapter: a storage key built from a
     * {@code TopicPartition}, bootstrap reading a Kafka config constant. The first line of defence in
     * bootstrap, which sees kafka-clients through the protocol adapter's compile dependencies; a second
     * line in the other modules, which do not see it.
     */
    KAFKA_ONLY_IN_THE_PROTOCOL_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, PROTOCOL_KAFKA_ADAPTER, "org.apache.kafka..")
                    .because("Kafka's generated message classes are not a public API and move between"
                            + " releases; keeping them in one adapter keeps an upgrade's churn there");
        }
    },

    /**
     * Catches Javalin, Jetty, the servlet API or Jackson outside the admin HTTP adapter: a handler in the
     * protocol adapter answering JSON, bootstrap tuning Jetty, a domain record annotated for Jackson. The
     * first line of defence in bootstrap, which sees them through the HTTP adapter's compile dependencies;
     * a second line in the other modules, which do not see them.
     */
    HTTP_LIBRARIES_ONLY_IN_THE_HTTP_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, HTTP_ADMIN_ADAPTER, "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "com.fasterxml.jackson..")
                    .because("HTTP and JSON are the admin adapter's business alone; the hexagon knows neither");
        }
    },

    /**
     * Catches Ratis outside the replication adapter: a service asking a Raft division who leads, a domain
     * record carrying a Raft term type, bootstrap tuning Raft properties. Domain and application know a
     * replicated log and a cluster view, never the consensus library behind them.
     */
    RATIS_ONLY_IN_THE_REPLICATION_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, REPLICATION_RATIS_ADAPTER, "org.apache.ratis..")
                    .because("consensus is the replication adapter's business alone; a single broker runs without it");
        }
    },

    /**
     * Catches Micrometer outside the admin HTTP adapter: a handler of the protocol adapter incrementing a
     * counter, a service timing itself with a {@code Timer}. The adapters that count do so through an interface
     * of their own ({@code KafkaProtocolAdapter.TrafficListener}) that bootstrap joins to the HTTP adapter's
     * metrics; which metrics library renders them is the HTTP adapter's business. The first line of defence in
     * bootstrap, which sees Micrometer through the HTTP adapter's compile dependencies; a second line in the
     * other modules, which do not see it.
     */
    MICROMETER_ONLY_IN_THE_HTTP_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, HTTP_ADMIN_ADAPTER, "io.micrometer..", "io.prometheus..")
                    .because("metrics are served by the admin HTTP adapter; the code that counts says what"
                            + " happened through its own listener, never to a metrics library");
        }
    },

    /**
     * Catches the admin HTTP adapter reaching around the inbound ports: reading a store or an outbound port
     * directly (a topic list straight from the catalog), or asking the Kafka listener. A driving adapter
     * calls use cases, so the HTTP API sees exactly what Kafka clients see. The adapters part is a second
     * line of defence behind {@link #ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER} and the POMs; the outbound ports
     * Maven allows, as they are in the application module.
     */
    HTTP_ADAPTER_CALLS_ONLY_INBOUND_PORTS {
        @Override
        ArchRule define(String root) {
            return noClasses().that().resideInAPackage(HTTP_ADMIN_ADAPTER.treeUnder(root))
                    .should().dependOnClassesThat().resideInAnyPackage(PROTOCOL_KAFKA_ADAPTER.treeUnder(root),
                            STORAGE_MEMORY_ADAPTER.treeUnder(root), STORAGE_ROCKSDB_ADAPTER.treeUnder(root),
                            Ports.outboundPackage(root))
                    .because("the HTTP API is a second driving adapter on the same inbound ports as the Kafka"
                            + " protocol, never a way around them");
        }
    },

    /**
     * Catches RE2/J outside the protocol adapter: the domain compiling a consumer group's subscription pattern
     * itself. The domain only asks a {@code TopicPattern} whether a name matches; the adapter that reads the
     * pattern off the wire compiles it, in the syntax Kafka's coordinator uses.
     */
    RE2J_ONLY_IN_THE_PROTOCOL_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, PROTOCOL_KAFKA_ADAPTER, "com.google.re2j..")
                    .because("the regular-expression syntax of KIP-848 subscriptions is a wire-format matter");
        }
    },

    /**
     * Catches RocksDB outside its adapter: another store spilling to it, bootstrap opening the database.
     * The first line of defence in bootstrap, which sees rocksdbjni through the RocksDB adapter's compile
     * dependencies; a second line in the other modules, which do not see it.
     */
    ROCKSDB_ONLY_IN_THE_ROCKSDB_ADAPTER {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, STORAGE_ROCKSDB_ADAPTER, "org.rocksdb..")
                    .because("storage is pluggable: only its adapter knows which database is behind a port");
        }
    },

    /**
     * Catches a test framework in the broker's main code: an assertion left in a service, bootstrap building
     * an extension. Only {@code hexalog-junit}, the extension that runs the broker in users' tests, declares
     * JUnit in main scope; elsewhere Maven refuses it today, and this rule keeps refusing the day a POM lends
     * it the test scope's dependency.
     */
    JUNIT_ONLY_IN_HEXALOG_JUNIT {
        @Override
        ArchRule define(String root) {
            return onlyModuleUses(root, JUNIT, "org.junit..", "org.opentest4j..")
                    .because("the broker runs in production; only the extension for users' tests knows JUnit");
        }
    },

    /**
     * Catches a framework annotation on the domain or a service ({@code @Singleton} on a service,
     * {@code @Named} on a constructor parameter), which expects a framework to find and build the class.
     * Third line of defence: an annotation is a dependency, so the two rules on what the domain and the
     * application depend on report it too, and Maven refuses it because neither module sees a framework.
     * Kept because it states the decision on its own and still holds if one of those rules is widened to
     * admit a library, which must not bring its annotations along.
     */
    DOMAIN_AND_APPLICATION_CARRY_NO_FRAMEWORK_ANNOTATIONS {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAnyPackage(DOMAIN.treeUnder(root), APPLICATION.treeUnder(root))
                    .should(ForeignAnnotations.carryOnlyAnnotationsFrom(JDK, root + ".."))
                    .because("services are built in bootstrap's @Provides methods, not found by a framework");
        }
    },

    /**
     * Catches the domain or a service reading the wall clock itself ({@code System.currentTimeMillis()},
     * {@code Instant.now()}, a {@code Clock.systemUTC()} default) instead of the {@code Clock} it is given:
     * retention, session timeouts and LogAppendTime stamps then escape the tests' clock, and a test built
     * with the default passes on whatever time it is. Maven cannot see it: the clock is in the JDK.
     */
    DOMAIN_AND_APPLICATION_DO_NOT_READ_THE_SYSTEM_CLOCK {
        @Override
        ArchRule define(String root) {
            return noClasses().that().resideInAnyPackage(DOMAIN.treeUnder(root), APPLICATION.treeUnder(root))
                    .should().callMethodWhere(READS_THE_SYSTEM_CLOCK)
                    .because("time comes in through a Clock, so that every rule that depends on it can be"
                            + " tested at any time");
        }
    },

    /**
     * Catches a command or result of an inbound port carrying an outbound port's type, such as a fetch
     * result handing out the store's {@code LogSlice}: every driving adapter then depends on the storage
     * contract, and a change to what a store returns changes what clients are answered. A type both sides
     * need belongs in the domain. Maven cannot see it: both packages are in the application module.
     */
    INBOUND_PORTS_DO_NOT_EXPOSE_OUTBOUND_PORT_TYPES {
        @Override
        ArchRule define(String root) {
            return noClasses().that().resideInAPackage(Ports.inboundPackage(root))
                    .should().dependOnClassesThat().resideInAPackage(Ports.outboundPackage(root))
                    .because("driving adapters see the use cases' contract only, never the storage contract");
        }
    },

    /**
     * Catches an outbound port speaking the use cases' language, such as a topic catalog returning the
     * {@code ConfigEntry} a DescribeConfigs answer is made of: every storage adapter then depends on the
     * client-facing API and changes with it. A type both sides need belongs in the domain. Maven cannot see
     * it: both packages are in the application module.
     */
    OUTBOUND_PORTS_DO_NOT_EXPOSE_INBOUND_PORT_TYPES {
        @Override
        ArchRule define(String root) {
            return noClasses().that().resideInAPackage(Ports.outboundPackage(root))
                    .should().dependOnClassesThat().resideInAPackage(Ports.inboundPackage(root))
                    .because("driven adapters implement the storage contract only, never the use cases'");
        }
    },

    /**
     * Catches a use case implemented outside the application, such as a Kafka handler implementing
     * {@code FetchRecordsQuery} itself: the logic then lives in one driving adapter, untested by the
     * application's tests and out of reach of the next adapter. Maven allows it: adapters and bootstrap
     * depend on the application.
     */
    INBOUND_PORTS_ARE_IMPLEMENTED_ONLY_BY_THE_APPLICATION {
        @Override
        ArchRule define(String root) {
            return classes().that().implement(Ports.inbound(root))
                    .should().resideInAPackage(APPLICATION.treeUnder(root))
                    .because("adapters call the use cases, the application implements them");
        }
    },

    /**
     * Catches an outbound port implemented outside an adapter: a scheduler or a cluster view written in
     * bootstrap, a store in the application. No contract suite runs against it there, and the outside of
     * the hexagon moves inward. Maven allows it: bootstrap depends on the application. Test fakes are not
     * concerned: the main code's import leaves test classes out. One exception, by name: the
     * {@code LoggerLevels} of bootstrap, since the logging backend is bootstrap's alone (ADR 7).
     */
    PORT_IMPLEMENTATIONS_LIVE_IN_ADAPTERS {
        @Override
        ArchRule define(String root) {
            return classes().that().implement(Ports.outbound(root))
                    .and().doNotHaveFullyQualifiedName(root + ".bootstrap.LogbackLoggerLevels")
                    .should().resideInAPackage(adapters(root))
                    .because("whatever the application reaches outside itself is an adapter, chosen by bootstrap");
        }
    },

    /**
     * Catches an inbound port named after neither what it does nor the convention ({@code *UseCase} changes
     * state, {@code *Query} only reads), and a record or class named like a port, such as a parameter record
     * {@code FetchQuery} beside the port it is passed to. Only names are checked: whether a {@code *Query}
     * really only reads is left to review.
     */
    INBOUND_PORTS_FOLLOW_THE_NAMING_CONVENTION {
        @Override
        ArchRule define(String root) {
            return classes().that().resideInAPackage(Ports.inboundPackage(root))
                    .should(Ports.beNamedLikeAnInboundPortExactlyWhenOne(root))
                    .because("a port's name says whether it changes state, and nothing else may pass for a port");
        }
    },

    /**
     * Catches two packages that depend on each other, such as {@code domain.log} and {@code domain.topic}:
     * neither can then be understood, tested or moved without the other. Maven cannot see it: it knows
     * modules, not packages.
     */
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

    /**
     * Catches a cycle between two parts of a module that no two packages form, such as the network part
     * depending on one handler package while another handler package depends on the network. Maven cannot
     * see it.
     */
    NO_CYCLES_BETWEEN_THE_PARTS_OF_A_MODULE {
        @Override
        ArchRule define(String root) {
            // Package slices miss a cycle that runs through different packages of two sub-trees
            // (network -> handler.produce, handler.fetch -> network); slicing each module into its
            // top-level parts catches it without flagging the package-level structure inside one part.
            return slices().assignedFrom(new ModuleParts(root)).should().beFreeOfCycles();
        }
    },

    /**
     * Catches an adapter class made public for convenience, which bootstrap or a later adapter then starts
     * using. Maven cannot see it; Java's visibility is the only other guard, and it is one keyword away.
     */
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

    /**
     * Catches bootstrap reaching past an adapter's entry point into its public internal package. Maven
     * allows it: bootstrap depends on every adapter. (The domain and the application cannot reach an
     * adapter at all, as Maven refuses the cycle, and adapters do not depend on each other.)
     */
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

    private static final DescribedPredicate<JavaMethodCall> READS_THE_SYSTEM_CLOCK = DescribedPredicate.describe(
            "read the system clock", call -> readsTheSystemClock(call.getTargetOwner(), call.getName()));

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

    /** {@code System.currentTimeMillis()} or {@code nanoTime()}, any java.time {@code now()}, {@code Clock.system*}. */
    private static boolean readsTheSystemClock(JavaClass owner, String method) {
        if (owner.isEquivalentTo(System.class)) {
            return method.equals("currentTimeMillis") || method.equals("nanoTime");
        }
        return owner.getPackageName().equals("java.time") && (method.equals("now") || method.startsWith("system"));
    }

    private static String adapters(String root) {
        return root + ".adapter..";
    }

    private static String adapterInternals(String root) {
        return root + ".adapter.*.*.internal..";
    }
}
