package dev.jamesreplicator.tools.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class SieveScriptsTest {
    private static final String SPAM = "a".repeat(64);
    private static final String SPAM_EDITED = "b".repeat(64);
    private static final String VACATION = "c".repeat(64);

    private static SieveScripts on(String source, Map<String, String> scripts, String active) {
        return new SieveScripts(source, new TreeMap<>(scripts), Optional.ofNullable(active));
    }

    @Test
    void theSameScriptsAndActiveOneAreNoDifference() {
        SieveScripts a = on("a", Map.of("spam", SPAM, "vacation", VACATION), "spam");
        SieveScripts b = on("b", Map.of("vacation", VACATION, "spam", SPAM), "spam");

        assertThat(a.differencesFrom(b)).isEmpty();
    }

    @Test
    void aScriptOnOneSideAnotherContentAndAnotherActiveScriptAreEachALine() {
        SieveScripts a = on("a", Map.of("spam", SPAM, "vacation", VACATION), "spam");
        SieveScripts b = on("b", Map.of("spam", SPAM_EDITED), null);

        assertThat(a.differencesFrom(b)).containsExactly(
            "sieve script \"spam\": content a=aaaaaaaaaaaa b=bbbbbbbbbbbb (SHA-256)",
            "sieve script \"vacation\": only on a",
            "sieve active script: a=spam b=(none)");
    }
}
