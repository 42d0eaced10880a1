package dev.jamesreplicator.agent;

import java.security.ProtectionDomain;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies one hook's advice to its James class. Advice on a method that does not exist would be
 * dropped silently by Byte Buddy, so a signature that matches nothing is reported instead: that
 * is what a James upgrade that renamed or moved the method looks like.
 */
final class HookTransformer implements AgentBuilder.Transformer {
    private final JamesInstrumentation hook;
    private final HookListener listener;

    HookTransformer(JamesInstrumentation hook, HookListener listener) {
        this.hook = hook;
        this.listener = listener;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader classLoader,
                                            JavaModule module, ProtectionDomain protectionDomain) {
        // Advice is read as class files through the agent's own loader: nothing is loaded to describe it.
        AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
            .include(HookTransformer.class.getClassLoader());
        for (MethodAdvice required : hook.requiredMethods()) {
            if (type.getDeclaredMethods().filter(required.methods()).isEmpty()) {
                listener.onMissingMethod(hook, type.getName(), required.signature());
            }
        }
        for (MethodAdvice methodAdvice : hook.advice()) {
            if (type.getDeclaredMethods().filter(methodAdvice.methods()).isEmpty()) {
                listener.onMissingMethod(hook, type.getName(), methodAdvice.signature());
            } else {
                advice = advice.advice(methodAdvice.methods(), methodAdvice.adviceClassName());
            }
        }
        return advice.transform(builder, type, classLoader, module, protectionDomain);
    }
}
