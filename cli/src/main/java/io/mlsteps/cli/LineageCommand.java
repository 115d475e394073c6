package io.mlsteps.cli;

import io.mlsteps.lineage.LineageFormats;
import io.mlsteps.lineage.LineageGraph;
import io.mlsteps.lineage.LineagePng;
import io.mlsteps.lineage.OpenLineageExport;
import io.mlsteps.registry.Registry;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mlsteps lineage adult@production}: walks the lineage of a version up (data, build) and down (evaluations, aliases, deployments). */
@Command(name = "lineage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Walk the lineage of a model version up (datasets, build) and down (evaluations, comparisons, "
                + "alias moves, deployments).",
                "REF is name@VERSION, name@ALIAS, name (latest) or sha256:<hex> (everything trained on that dataset).",
                "Formats: text (default), json, dot (Graphviz), png (drawn without Graphviz), openlineage (RunEvents as JSON lines)."})
public class LineageCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "What to start from.")
    String ref;

    @Option(names = "--registry", paramLabel = "URI", description = "Registry URI (default: $MLSTEPS_REGISTRY, else ~/.mlsteps/registry).")
    String registry;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, dot, png or openlineage (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of standard output (required for png; default lineage.png).")
    Path output;

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        try (Registry reg = Registry.open(registry)) {
            LineageGraph graph = reg.lineage(ref);
            String text = switch (f) {
                case "text" -> LineageFormats.text(graph);
                case "json" -> {
                    graph.setEngine(io.mlsteps.util.EngineVersion.current().asMap());
                    yield Json.toString(graph) + "\n";
                }
                case "dot" -> LineageFormats.dot(graph);
                case "openlineage" -> OpenLineageExport.jsonLines(graph, reg.location());
                case "png" -> null;
                default -> throw new InputException("--format " + format, "expected text, json, dot, png or openlineage");
            };
            if (text == null) {
                Path target = output != null ? output : Path.of("lineage.png");
                LineagePng.write(graph, "Lineage of " + ref, target);
                System.out.println("wrote " + target);
            } else if (output != null) {
                if (output.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(output.toAbsolutePath().getParent());
                }
                Files.writeString(output, text);
                System.out.println("wrote " + output);
            } else {
                System.out.print(text);
            }
            return ExitCodes.PASSED;
        }
    }
}
