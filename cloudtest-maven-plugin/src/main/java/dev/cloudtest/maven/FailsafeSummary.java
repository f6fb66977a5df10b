package dev.cloudtest.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Whether the integration tests of this build failed, from failsafe's {@code failsafe-summary.xml}: what
 * {@code cloudtest.keep=on-failure} needs to decide whether to keep the stacks.
 */
final class FailsafeSummary {
    private FailsafeSummary() {}

    /**
     * Reads a summary file.
     *
     * @return whether any test failed or erred (or the run itself failed); empty when there is no readable summary
     */
    static Optional<Boolean> testsFailed(Path summary) {
        if (!Files.isRegularFile(summary)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(summary.toFile()).getDocumentElement();
            // Failsafe writes result="null" when all passed, "255" when tests failed.
            String result = root.getAttribute("result").trim();
            boolean failed = !(result.isEmpty() || result.equals("null") || result.equals("0"))
                    || count(root, "errors") > 0
                    || count(root, "failures") > 0
                    || !text(root, "failureMessage").isBlank();
            return Optional.of(failed);
        } catch (IOException | SAXException | ParserConfigurationException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int count(Element root, String name) {
        String value = text(root, name).trim();
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static String text(Element root, String name) {
        var nodes = root.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
