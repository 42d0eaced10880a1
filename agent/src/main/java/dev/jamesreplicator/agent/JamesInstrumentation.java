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

    /** The name the log uses for this hook. */
    default String hookName() {
        return getClass().getSimpleName();
    }
}
