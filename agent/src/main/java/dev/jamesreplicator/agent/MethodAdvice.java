package dev.jamesreplicator.agent;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The advice class for the methods one matcher selects, with the signature the log names when none matches. */
final class MethodAdvice {
    private final String signature;
    private final ElementMatcher<? super MethodDescription> methods;
    private final String adviceClassName;

    MethodAdvice(String signature, ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
        this.signature = signature;
        this.methods = methods;
        this.adviceClassName = adviceClass.getName();
    }

    /** A method the hook's advice needs in its James class but does not advise. */
    static MethodAdvice required(String signature, ElementMatcher<? super MethodDescription> methods) {
        return new MethodAdvice(signature, methods, (String) null);
    }

    private MethodAdvice(String signature, ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
        this.signature = signature;
        this.methods = methods;
        this.adviceClassName = adviceClassName;
    }

    String signature() {
        return signature;
    }

    ElementMatcher<? super MethodDescription> methods() {
        return methods;
    }

    String adviceClassName() {
        return adviceClassName;
    }
}
