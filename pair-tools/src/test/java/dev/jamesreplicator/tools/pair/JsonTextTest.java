package dev.jamesreplicator.tools.pair;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {

    @Test
    void quotesAndEscapesWhatJsonMust() {
        assertThat(JsonText.string("demo")).isEqualTo("\"demo\"");
        assertThat(JsonText.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(JsonText.string("tab\there\nnl\u0001")).isEqualTo("\"tab\\there\\nnl\\u0001\"");
        assertThat(JsonText.string("é €")).isEqualTo("\"é €\"");
    }
}
