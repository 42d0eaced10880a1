package dev.jamesreplicator.agent;

/**
 * A hook made once for each of several James classes that do one job, one per backend (the
 * memory domain list and the JPA one, ...): each instance rewrites its class and is named for
 * it, so the diagnostics and the required hooks tell the backends apart.
 */
abstract class PerClassInstrumentation implements JamesInstrumentation {
    private final String hookName;
    private final String typeName;

    PerClassInstrumentation(String hookName, String typeName) {
        this.hookName = hookName;
        this.typeName = typeName;
    }

    @Override
    public final String typeName() {
        return typeName;
    }

    @Override
    public final String hookName() {
        return hookName;
    }
}
