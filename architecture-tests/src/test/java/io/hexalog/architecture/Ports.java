package io.hexalog.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static io.hexalog.architecture.HexalogModule.APPLICATION;

/**
 * The application's ports under a root package. A port is an interface that the other side of the hexagon
 * implements: a service for an inbound port, an adapter for an outbound one. A sealed interface in a port
 * package is not a port but a closed set of values, such as a fetch's offset specification, whose records
 * live beside it and are implemented nowhere else.
 */
final class Ports {

    private static final List<String> INBOUND_SUFFIXES = List.of("UseCase", "Query");

    private Ports() {
    }

    /** The package pattern of the inbound ports and their commands and results. */
    static String inboundPackage(String root) {
        return APPLICATION.packageUnder(root) + ".port.in..";
    }

    /** The package pattern of the outbound ports and the values they carry. */
    static String outboundPackage(String root) {
        return APPLICATION.packageUnder(root) + ".port.out..";
    }

    static DescribedPredicate<JavaClass> inbound(String root) {
        return portsIn(inboundPackage(root)).as("an inbound port");
    }

    static DescribedPredicate<JavaClass> outbound(String root) {
        return portsIn(outboundPackage(root)).as("an outbound port");
    }

    /**
     * Every inbound port is named {@code *UseCase} or {@code *Query}, and no other type of the inbound port
     * package is, so that a port's name says what it is and a parameter record cannot pass for one.
     */
    static ArchCondition<JavaClass> beNamedLikeAnInboundPortExactlyWhenOne(String root) {
        DescribedPredicate<JavaClass> port = inbound(root);
        return new ArchCondition<>("be named *UseCase or *Query if and only if an inbound port") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean isPort = port.test(javaClass);
                boolean namedLikePort = INBOUND_SUFFIXES.stream().anyMatch(javaClass.getSimpleName()::endsWith);
                if (isPort && !namedLikePort) {
                    events.add(SimpleConditionEvent.violated(javaClass, "Inbound port <" + javaClass.getName()
                            + "> is named neither *UseCase (changes state) nor *Query (only reads)"));
                } else if (!isPort && namedLikePort) {
                    events.add(SimpleConditionEvent.violated(javaClass, "<" + javaClass.getName()
                            + "> is named like an inbound port but is none (only a non-sealed interface is);"
                            + " name a parameter record *Command or *Params, a result *Result"));
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> portsIn(String packagePattern) {
        return resideInAPackage(packagePattern).and(DescribedPredicate.describe("a non-sealed interface",
                javaClass -> javaClass.isInterface() && !javaClass.isAnnotation() && !javaClass.reflect().isSealed()));
    }
}
