package io.mlsteps.generator;

import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what the front ends derive from the contract:
 * <ul>
 * <li>{@code plugin JAVA_DIR RESOURCES_DIR}: the plugin's step classes and {@code qualityGate} describable, their
 * {@code config.jelly} and help files (the plugin builds run this at generate-sources);</li>
 * <li>{@code docs DOCS_STEPS_DIR}: the argument tables of {@code docs/steps/*.md} (checked in; a test fails when
 * one is out of date).</li>
 * </ul>
 */
public final class Generate {
    private Generate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("plugin")) {
            int files = plugin(Path.of(args[1]), Path.of(args[2]));
            System.out.println("mlsteps generator: " + files + " plugin files from the contract");
        } else if (args.length == 2 && args[0].equals("docs")) {
            DocsTables.write(Path.of(args[1])).forEach(p -> System.out.println("mlsteps generator: updated " + p));
        } else {
            System.err.println("usage: Generate plugin JAVA_DIR RESOURCES_DIR | Generate docs DOCS_STEPS_DIR");
            System.exit(2);
        }
    }

    /** Writes the plugin's sources and views; returns how many files. */
    static int plugin(Path javaDir, Path resourcesDir) throws IOException {
        Path javaPackage = javaDir.resolve(PluginSources.PACKAGE.replace('.', '/'));
        Path views = resourcesDir.resolve(PluginSources.PACKAGE.replace('.', '/'));
        int files = 0;
        for (RecordSpec<?> spec : Steps.all()) {
            String cls = PluginSources.className(spec.step().orElseThrow());
            files += write(javaPackage.resolve(cls + ".java"), PluginSources.step(spec));
            files += write(views.resolve(cls), PluginViews.step(spec));
        }
        files += write(javaPackage.resolve("QualityGate.java"), PluginSources.qualityGate());
        files += write(views.resolve("QualityGate"), PluginViews.qualityGate());
        return files;
    }

    private static int write(Path folder, Map<String, String> files) throws IOException {
        int n = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            n += write(folder.resolve(f.getKey()), f.getValue());
        }
        return n;
    }

    private static int write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || !Files.readString(file).equals(text)) {
            Files.writeString(file, text);
        }
        return 1;
    }
}
