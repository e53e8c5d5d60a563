package io.hexalog.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

/**
 * Looks at every annotation a class carries, on itself, its fields, constructors, methods and their
 * parameters, and reports those whose type comes from outside the allowed packages. A dependency rule alone
 * does not say this: it would stop reporting the day someone widens what a module may depend on.
 */
final class ForeignAnnotations {

    private ForeignAnnotations() {
    }

    static ArchCondition<JavaClass> carryOnlyAnnotationsFrom(String... packages) {
        DescribedPredicate<JavaClass> allowed = resideInAnyPackage(packages);
        return new ArchCondition<>("carry only annotations from " + String.join(", ", packages)) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Reporter reporter = new Reporter(javaClass, allowed, events);
                reporter.report(javaClass, "class <" + javaClass.getName() + ">");
                for (JavaMember member : javaClass.getMembers()) {
                    reporter.report(member, member.getDescription());
                    if (member instanceof JavaCodeUnit codeUnit) {
                        for (JavaParameter parameter : codeUnit.getParameters()) {
                            reporter.report(parameter, "parameter " + parameter.getIndex() + " of "
                                    + codeUnit.getDescription());
                        }
                    }
                }
            }
        };
    }

    private record Reporter(JavaClass javaClass, DescribedPredicate<JavaClass> allowed, ConditionEvents events) {

        void report(HasAnnotations<?> element, String where) {
            for (JavaAnnotation<?> annotation : element.getAnnotations()) {
                if (!allowed.test(annotation.getRawType())) {
                    String message = "Annotation <" + annotation.getRawType().getName() + "> on " + where
                            + " in " + javaClass.getSourceCodeLocation();
                    events.add(SimpleConditionEvent.violated(javaClass, message));
                }
            }
        }
    }
}
