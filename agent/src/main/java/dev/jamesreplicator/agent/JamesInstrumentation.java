package dev.jamesreplicator.agent;

import java.util.List;

/**
 * One James class the agent rewrites, and the advice it puts on which of its methods. The class is
 * named, not referenced, so that building the agent never loads a James class before James does.
 */
interface JamesInstrumentation {

    /** The fully qualified name of the James class this hook rewrites. */
    String typeName();

    /** The advice, one entry per method signature the hook needs. */
    List<MethodAdvice> advice();

    /**
     * Methods the advice calls in its James class without advising them (e.g. through a method
     * handle), one entry per signature: a missing one stops the hook as a missing advised method does.
     */
    default List<MethodAdvice> requiredMethods() {
        return List.of();
    }

    /** The name the log uses for this hook. */
    default String hookName() {
        return getClass().getSimpleName();
    }
}
