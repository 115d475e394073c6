package io.mlsteps.cli.runner;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test counts of JUnit XML files, counted from the test cases themselves (not the suite attributes). */
record JunitCounts(int total, int failed, int skipped) {
    static final JunitCounts EMPTY = new JunitCounts(0, 0, 0);

    JunitCounts plus(JunitCounts other) {
        return new JunitCounts(total + other.total, failed + other.failed, skipped + other.skipped);
    }

    /** The map the junit step returns, with the names of Jenkins' TestResultSummary. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalCount", total);
        m.put("failCount", failed);
        m.put("skipCount", skipped);
        m.put("passCount", total - failed - skipped);
        return m;
    }

    static JunitCounts read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            var doc = builder.parse(file.toFile());
            String root = doc.getDocumentElement().getTagName();
            if (!root.equals("testsuite") && !root.equals("testsuites")) {
                throw new PipelineError("junit: " + file + " is not a JUnit report (root element <" + root + ">)");
            }
            NodeList cases = doc.getElementsByTagName("testcase");
            int failed = 0;
            int skipped = 0;
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                boolean fail = false;
                boolean skip = false;
                for (Node child = c.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element e) {
                        switch (e.getTagName()) {
                            case "failure", "error" -> fail = true;
                            case "skipped" -> skip = true;
                            default -> {
                            }
                        }
                    }
                }
                if (fail) {
                    failed++;
                } else if (skip) {
                    skipped++;
                }
            }
            return new JunitCounts(cases.getLength(), failed, skipped);
        } catch (SAXParseException e) {
            throw new PipelineError("junit: malformed XML in " + file + ":" + e.getLineNumber() + ":"
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (PipelineError e) {
            throw e;
        } catch (Exception e) {
            throw new PipelineError("junit: cannot read " + file + ": " + e.getMessage());
        }
    }
}
