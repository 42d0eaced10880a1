package dev.jamesreplicator.jpaserver;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.inject.Binding;
import com.google.inject.Module;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.LinkedKeyBinding;

/**
 * The memory app's modules without two multibinder contributions that {@code Modules.override}
 * cannot take away (a set binding is added to, never replaced):
 * <ul>
 * <li>the memory mailbox manager's definition, which would build an unused in-memory mailbox
 * manager beside the JPA one;</li>
 * <li>JMAP's start-up check, which refuses to start because the JPA mailbox manager has no
 * MessageIdManager and no ACL storage. JMAP is off in the node's conf; its modules stay because
 * WebAdmin's need some of their bindings (the "jmap" JWT verifier, the identity DAO).</li>
 * </ul>
 */
final class MemoryAppWithoutMemoryMailbox {
    static final Set<String> LEFT_OUT = Set.of(
        "org.apache.james.modules.mailbox.MemoryMailboxModule$MemoryMailboxManagerDefinition",
        "org.apache.james.jmap.draft.JMAPModule$RequiredCapabilitiesStartUpCheck");

    private MemoryAppWithoutMemoryMailbox() {
    }

    static Module of(Module memoryApp) {
        List<Element> kept = Elements.getElements(memoryApp).stream()
            .filter(element -> !isLeftOut(element))
            .collect(Collectors.toList());
        return Elements.getModule(kept);
    }

    private static boolean isLeftOut(Element element) {
        if (element instanceof LinkedKeyBinding) {
            Binding<?> binding = (Binding<?>) element;
            String target = ((LinkedKeyBinding<?>) binding).getLinkedKey().getTypeLiteral().getRawType().getName();
            return LEFT_OUT.contains(target);
        }
        return false;
    }
}
