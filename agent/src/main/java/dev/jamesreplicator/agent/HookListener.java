package dev.jamesreplicator.agent;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Logs what happens to each hook, naming it: a hook that silently does not fire would let the
 * replicator write James's own UIDs where it meant to keep the twin's.
 */
final class HookListener extends AgentBuilder.Listener.Adapter {
    private final Logger log;
    private final Map<String, JamesInstrumentation> hooksByType;
    private final Set<String> typesMissingMethods = ConcurrentHashMap.newKeySet();
    private final Set<String> appliedHooks = ConcurrentHashMap.newKeySet();

    HookListener(Logger log, List<JamesInstrumentation> hooks) {
        this.log = log;
        this.hooksByType = hooks.stream()
            .collect(Collectors.toMap(JamesInstrumentation::typeName, Function.identity()));
    }

    /** Hooks whose every advice went into their James class. */
    Set<String> appliedHooks() {
        return Collections.unmodifiableSet(appliedHooks);
    }

    void onMissingMethod(JamesInstrumentation hook, String typeName, String signature) {
        typesMissingMethods.add(typeName);
        log.severe("james-replicator agent: hook " + hook.hookName() + " found no method " + signature + " in "
            + typeName + "; this hook does nothing (is this James 3.8.1?)");
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        JamesInstrumentation hook = hooksByType.get(type.getName());
        if (hook != null && !typesMissingMethods.contains(type.getName())) {
            appliedHooks.add(hook.hookName());
            log.info("james-replicator agent: hook " + hook.hookName() + " applied to " + type.getName());
        }
    }

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
        JamesInstrumentation hook = hooksByType.get(typeName);
        String who = hook == null ? "no hook" : "hook " + hook.hookName();
        log.log(Level.SEVERE, "james-replicator agent: " + who + " failed to rewrite " + typeName + "; it does nothing", error);
    }

    /** Reports classes the JVM refused to retransform (those James loaded before the agent). */
    AgentBuilder.RedefinitionStrategy.Listener retransformationListener() {
        return new AgentBuilder.RedefinitionStrategy.Listener.Adapter() {
            @Override
            public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable error,
                                                               List<Class<?>> types) {
                log.log(Level.SEVERE, "james-replicator agent: could not retransform " + batch
                    + "; their hooks do nothing", error);
                return Collections.emptyList();
            }
        };
    }
}
