package dev.jamesreplicator.tools.pair;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfXmlTest {
    private static final String CONF = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- above the root:
                 kept as written -->

            <replication>
              <!-- <twin>not this one, a comment</twin> -->
              <nodeName>a</nodeName>
              <twin>127.0.0.1:12345</twin>
              <password>change-me</password>
              <!--
              <noReplicate>
                <user>*@lists.example.com</user>
              </noReplicate>
              -->
            </replication>
            """;

    @Test
    void changesTheNamedElementsTextAndNothingElse() throws PairToolException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("nodeName", "b");
        values.put("twin", "127.0.0.1:33345");

        String edited = ConfXml.withElements(CONF, values, "replication.xml");

        assertThat(edited).isEqualTo(CONF.replace("<nodeName>a<", "<nodeName>b<")
                .replace("<twin>127.0.0.1:12345<", "<twin>127.0.0.1:33345<"));
    }

    @Test
    void escapesWhatXmlTextCannotHoldAsItIs() throws PairToolException {
        String edited = ConfXml.withElements(CONF, Map.of("password", "a<b&c|d"), "replication.xml");

        assertThat(edited).contains("<password>a&lt;b&amp;c|d</password>");
    }

    @Test
    void refusesAnElementTheFileHasNot() {
        assertThatThrownBy(() -> ConfXml.withElements(CONF, Map.of("tls", "required"), "replication.xml"))
                .isInstanceOf(PairToolException.class)
                .hasMessage("replication.xml has 0 <tls> elements, not one");
    }

    @Test
    void refusesAFileThatIsNoXml() {
        assertThatThrownBy(() -> ConfXml.withElements("<replication>", Map.of("tls", "required"), "replication.xml"))
                .isInstanceOf(PairToolException.class)
                .hasMessageStartingWith("replication.xml is no well-formed XML");
    }
}
