package io.mlsteps.jenkins;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import hudson.Extension;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import net.java.sezpoz.Indexable;
import org.jenkinsci.Symbol;
import org.jvnet.hudson.annotation_indexer.Indexed;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jenkins finds extensions through the SezPoz index the compiler writes for {@code @Extension}; a class missing
 * from it (annotation processing off, a non-static inner class, a member of a private class) is silently absent.
 */
class ExtensionIndexTest {
    @Test
    void theStandInKeepsTheIndexingMetaAnnotations() {
        assertThat(Extension.class.isAnnotationPresent(Indexable.class)).isTrue();
        assertThat(Symbol.class.isAnnotationPresent(Indexed.class)).isTrue();
    }

    @Test
    void everyExtensionOfThePluginIsIndexed() {
        JavaClasses plugin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mlsteps.jenkins");
        Set<String> annotated = new TreeSet<>();
        plugin.stream().filter(c -> c.isAnnotatedWith(Extension.class)).forEach(c -> annotated.add(c.getName()));
        assertThat(annotated).as("the plugin has extensions").hasSizeGreaterThan(7);

        Set<String> indexed = new TreeSet<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class,
                ExtensionIndexTest.class.getClassLoader())) {
            if (item.className().startsWith("io.mlsteps.jenkins.")) {
                indexed.add(item.className());
            }
        }
        assertThat(indexed).containsExactlyElementsOf(annotated);
    }
}
