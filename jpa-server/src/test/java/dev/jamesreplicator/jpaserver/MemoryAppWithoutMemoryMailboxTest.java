package dev.jamesreplicator.jpaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.MemoryJamesServerMain;

import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.util.Modules;
import org.junit.jupiter.api.Test;

class MemoryAppWithoutMemoryMailboxTest {
    @Test
    void bothContributionsAreInTheMemoryAppAndGoneFromTheFilteredOne() {
        com.google.inject.Module memoryApp = Modules.combine(MemoryJamesServerMain.IN_MEMORY_SERVER_AGGREGATE_MODULE, new FakeSearchMailboxModule());

        assertThat(linkedTargets(Elements.getElements(memoryApp))).containsAll(MemoryAppWithoutMemoryMailbox.LEFT_OUT);
        List<Element> filtered = Elements.getElements(MemoryAppWithoutMemoryMailbox.of(memoryApp));
        assertThat(linkedTargets(filtered)).doesNotContainAnyElementsOf(MemoryAppWithoutMemoryMailbox.LEFT_OUT);
        assertThat(filtered.size()).isGreaterThan(100);
    }

    private static List<String> linkedTargets(List<Element> elements) {
        return elements.stream()
            .filter(LinkedKeyBinding.class::isInstance)
            .map(element -> ((LinkedKeyBinding<?>) element).getLinkedKey().getTypeLiteral().getRawType().getName())
            .collect(Collectors.toList());
    }
}
