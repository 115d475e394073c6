package io.mlsteps.jenkins;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * plugin/pom.xml follows the Jenkins hosting rules the hosting checker (repository-permissions-updater's
 * MavenVerifier) and plugin-pom enforce, so that the real build is not the first to see a slip: the parent, the
 * coordinates, the four ban switches on, a URL and a licence, the BOM's tested core line, nothing bundled but the
 * step contract (which has no dependencies of its own), and no versions on BOM-managed dependencies.
 */
class PluginPomTest {
    private static Element project;

    @BeforeAll
    static void read() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(Fixtures.pluginDir().resolve("pom.xml").toFile());
        project = pom.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String property(String name) {
        return text(child(project, "properties"), name);
    }

    @Test
    void parentAndCoordinatesFollowTheHostingRules() {
        Element parent = child(project, "parent");
        assertThat(text(parent, "groupId")).isEqualTo("org.jenkins-ci.plugins");
        assertThat(text(parent, "artifactId")).isEqualTo("plugin");
        assertThat(text(project, "groupId")).isEqualTo("io.jenkins.plugins");
        assertThat(text(project, "packaging")).isEqualTo("hpi");
        String artifactId = text(project, "artifactId");
        assertThat(artifactId).matches("[a-z0-9-]+").doesNotContain("jenkins").hasSizeLessThan(37);
    }

    @Test
    void theFourBanSwitchesAreOn() {
        for (String skip : List.of("ban-junit4-imports.skip", "ban-commons-lang-2.skip", "ban-deprecated-stapler.skip",
                "banObsoleteDependencyOverrides.skip")) {
            assertThat(property(skip)).as(skip).isEqualTo("false");
        }
    }

    @Test
    void urlAndLicenceAreDeclared() {
        assertThat(text(project, "url")).startsWith("https://");
        Element licenses = child(project, "licenses");
        assertThat(licenses).as("<licenses>").isNotNull();
        Element license = child(licenses, "license");
        assertThat(license).as("<license>").isNotNull();
        assertThat(text(license, "name")).isNotBlank();
        assertThat(text(license, "url")).startsWith("https://");
    }

    @Test
    void coreIsTheBomsTestedLineOfTheBaseline() {
        assertThat(property("jenkins.baseline")).matches("2\\.\\d+");
        assertThat(property("jenkins.version")).isEqualTo("${jenkins.baseline}.3");
        Element bom = child(child(child(project, "dependencyManagement"), "dependencies"), "dependency");
        assertThat(text(bom, "artifactId")).isEqualTo("bom-${jenkins.baseline}.x");
    }

    @Test
    void onlyTheStepContractIsBundledAndItBringsNothingElse() throws Exception {
        assertThat(property("hpi.strictBundledArtifacts")).isEqualTo("true");
        assertThat(property("hpi.bundledArtifacts")).isEqualTo("mlsteps-contract");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element contract = factory.newDocumentBuilder()
                .parse(Fixtures.pluginDir().resolve("../contract/pom.xml").toFile()).getDocumentElement();
        assertThat(text(contract, "artifactId")).isEqualTo("mlsteps-contract");
        NodeList dependencies = child(contract, "dependencies").getElementsByTagName("dependency");
        List<String> runtime = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!"test".equals(text(dependency, "scope"))) {
                runtime.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        assertThat(runtime).as("the contract's own runtime dependencies, which the .hpi would have to bundle").isEmpty();
    }

    @Test
    void stepsRunTheirEngineThroughDurableTask() {
        NodeList dependencies = child(project, "dependencies").getElementsByTagName("dependency");
        boolean durable = false;
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            durable |= "durable-task".equals(text(dependency, "artifactId")) && child(dependency, "scope") == null;
        }
        assertThat(durable).as("org.jenkins-ci.plugins:durable-task in compile scope").isTrue();
    }

    @Test
    void managedDependenciesCarryNoVersion() {
        NodeList dependencies = child(project, "dependencies").getElementsByTagName("dependency");
        List<String> versioned = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String group = text(dependency, "groupId");
            boolean jenkins = group.startsWith("org.jenkins-ci") || group.startsWith("io.jenkins");
            if (jenkins && child(dependency, "version") != null) {
                versioned.add(group + ":" + text(dependency, "artifactId"));
            }
        }
        assertThat(versioned).as("Jenkins plugins take their version from the BOM").isEmpty();
    }
}
