package dev.jamesreplicator.tools.pair;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A James conf XML file whose settings james-pair fills in: each named element's text replaced, through a DOM.
 * What precedes and follows the root element (the declaration, the comments above it) is kept as written,
 * since a DOM does not keep the line breaks between them; the root element is written back as parsed, so its
 * comments and layout stay.
 */
final class ConfXml {
    private ConfXml() {
    }

    /** Sets the text of the one element of each name in {@code file}; fails if a name has no element or several. */
    static void setElements(Path file, Map<String, String> values) throws IOException, PairToolException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, withElements(text, values, file.toString()), StandardCharsets.UTF_8);
    }

    static String withElements(String text, Map<String, String> values, String name) throws PairToolException {
        Document document = parse(text, name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            NodeList elements = document.getElementsByTagName(value.getKey());
            if (elements.getLength() != 1) {
                throw new PairToolException(name + " has " + elements.getLength() + " <" + value.getKey()
                        + "> elements, not one");
            }
            elements.item(0).setTextContent(value.getValue());
        }
        Element root = document.getDocumentElement();
        int rootStart = rootStart(text);
        int rootEnd = text.lastIndexOf("</" + root.getTagName());
        String prolog = text.substring(0, rootStart);
        String epilog = rootEnd < 0 ? "\n" : text.substring(text.indexOf('>', rootEnd) + 1);
        return prolog + serialized(root) + epilog;
    }

    private static Document parse(String text, String name) throws PairToolException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new PairToolException(name + " is no well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Where the root element's start tag begins: the first tag that is no declaration, comment or DOCTYPE. */
    private static int rootStart(String text) {
        int i = text.indexOf('<');
        while (i >= 0) {
            if (text.startsWith("<?", i)) {
                i = text.indexOf('<', text.indexOf("?>", i) + 2);
            } else if (text.startsWith("<!--", i)) {
                i = text.indexOf('<', text.indexOf("-->", i) + 3);
            } else if (text.startsWith("<!", i)) {
                i = text.indexOf('<', text.indexOf('>', i) + 1);
            } else {
                return i;
            }
        }
        throw new IllegalStateException("a parsed document without a root element");
    }

    private static String serialized(Element root) throws PairToolException {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(root), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new PairToolException("cannot write XML: " + e.getMessage(), e);
        }
    }
}
