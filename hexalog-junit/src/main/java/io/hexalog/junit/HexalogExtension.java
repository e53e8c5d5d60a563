package io.hexalog.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * The extension behind {@link HexalogBroker}: starts the broker when the annotation's {@link Lifecycle} begins
 * (or when a constructor asks for its address first), sets {@link BootstrapServers} fields, resolves
 * {@link BootstrapServers} parameters, fails the test if the broker met a fatal error, and stops the broker when
 * its lifecycle ends.
 *
 * <p>Each broker is kept in the store of the context it belongs to (the test class, or one test method), so
 * JUnit closes it even if a callback is skipped; the callbacks close it first, to report a fatal error.
 */
public final class HexalogExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HexalogExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<HexalogBroker> own = AnnotationSupport.findAnnotation(testClass, HexalogBroker.class);
        if (own.isPresent() && own.get().lifecycle() == Lifecycle.PER_CLASS) {
            setStaticFields(testClass, brokerFor(context).bootstrapServers());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        brokerFor(context); // starts a per-method broker, and fails a class the annotation does not reach
        // A @Nested test's enclosing instances get the address of the broker in force for their own class, if any.
        for (Object testInstance : context.getRequiredTestInstances().getAllInstances()) {
            Optional<Declaration> declaration = declaration(testInstance.getClass());
            if (declaration.isPresent()) {
                setFields(testInstance, brokerFor(context, declaration.get()).bootstrapServers());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<InProcessBroker> ownBroker = remove(context);
        try {
            ownBroker.orElseGet(() -> brokerFor(context)).failIfBroken();
        } finally {
            ownBroker.ifPresent(InProcessBroker::close);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        remove(context).ifPresent(broker -> {
            try {
                broker.failIfBroken();
            } finally {
                broker.close();
            }
        });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (!parameter.isAnnotated(BootstrapServers.class)) {
            return false;
        }
        if (parameter.getParameter().getType() != String.class) {
            throw new ParameterResolutionException("@BootstrapServers parameter " + parameter.getParameter()
                    + " must be a String");
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (declaration(context).annotation().lifecycle() == Lifecycle.PER_METHOD && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("The broker of " + context.getRequiredTestClass().getName()
                    + " lives for one test method (Lifecycle.PER_METHOD): " + parameter.getParameter()
                    + " of " + parameter.getDeclaringExecutable().getName() + " cannot have its address; ask for it"
                    + " in a field, a @BeforeEach method or the test method, or use Lifecycle.PER_CLASS");
        }
        return brokerFor(context).bootstrapServers();
    }

    /** The broker this context runs against, started if it is the first to ask. */
    private static InProcessBroker brokerFor(ExtensionContext context) {
        return brokerFor(context, declaration(context));
    }

    private static InProcessBroker brokerFor(ExtensionContext context, Declaration declaration) {
        ExtensionContext owner = owner(context, declaration);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(owner.getUniqueId(),
                key -> InProcessBroker.start(declaration.annotation()), InProcessBroker.class);
    }

    /** Takes this context's own broker out of its store, if it has one. */
    private static Optional<InProcessBroker> remove(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).remove(context.getUniqueId(), InProcessBroker.class));
    }

    /**
     * The context a broker belongs to: the test method's own context with {@link Lifecycle#PER_METHOD}, else the
     * nearest context of the class that carries the annotation (one per invocation of a parameterized class).
     */
    private static ExtensionContext owner(ExtensionContext context, Declaration declaration) {
        if (declaration.annotation().lifecycle() == Lifecycle.PER_METHOD) {
            return context;
        }
        ExtensionContext owner = context;
        while (owner.getTestMethod().isPresent()
                || !owner.getTestClass().map(declaration.testClass()::equals).orElse(false)) {
            owner = owner.getParent().orElseThrow(() -> new ExtensionConfigurationException(
                    "No context of " + declaration.testClass().getName() + " encloses " + context.getDisplayName()));
        }
        return owner;
    }

    /** The annotation in force: the test class's own (or its superclasses'), else the nearest enclosing class's. */
    private static Declaration declaration(ExtensionContext context) {
        return declaration(context.getRequiredTestClass()).orElseThrow(() -> new ExtensionConfigurationException(
                HexalogExtension.class.getSimpleName() + " needs @" + HexalogBroker.class.getSimpleName() + " on "
                        + context.getRequiredTestClass().getName() + " or a class enclosing it"));
    }

    private static Optional<Declaration> declaration(Class<?> annotated) {
        for (Class<?> testClass = annotated; testClass != null; testClass = testClass.getEnclosingClass()) {
            Optional<HexalogBroker> annotation = AnnotationSupport.findAnnotation(testClass, HexalogBroker.class);
            if (annotation.isPresent()) {
                return Optional.of(new Declaration(annotation.get(), testClass));
            }
        }
        return Optional.empty();
    }

    private static void setFields(Object testInstance, String servers) {
        setStaticFields(testInstance.getClass(), servers);
        for (Field field : serversFields(testInstance.getClass())) {
            if (!Modifier.isStatic(field.getModifiers())) {
                set(field, testInstance, servers);
            }
        }
    }

    private static void setStaticFields(Class<?> testClass, String servers) {
        for (Field field : serversFields(testClass)) {
            if (Modifier.isStatic(field.getModifiers())) {
                set(field, null, servers);
            }
        }
    }

    private static Iterable<Field> serversFields(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedFields(testClass, BootstrapServers.class);
    }

    private static void set(Field field, Object target, String servers) {
        if (field.getType() != String.class || Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@BootstrapServers field " + field + " must be a String that"
                    + " is not final");
        }
        try {
            field.setAccessible(true);
            field.set(target, servers);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException("Cannot set @BootstrapServers field " + field, e);
        }
    }

    /** A {@link HexalogBroker} annotation and the class that carries it. */
    private record Declaration(HexalogBroker annotation, Class<?> testClass) {
    }
}
