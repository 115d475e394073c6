package io.mlsteps.cli;

import io.mlsteps.registry.AliasEvent;
import io.mlsteps.registry.GateNotPassedException;
import io.mlsteps.registry.GcReport;
import io.mlsteps.registry.ModelRef;
import io.mlsteps.registry.ModelVersion;
import io.mlsteps.registry.Registry;
import io.mlsteps.registry.LineageEvent;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code mlsteps registry list|show|alias|history|download|gc|verify}: inspect and manage the model registry. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Inspect and manage the model registry.",
                "The registry is --registry URI, else $MLSTEPS_REGISTRY, else ~/.mlsteps/registry "
                        + "(a folder: SQLite + blobs; or jdbc:postgresql://host/db?user=..&password=..&blobs=DIR)."},
        subcommands = {RegistryCommand.ListCommand.class, RegistryCommand.ShowCommand.class,
                RegistryCommand.AliasCommand.class, RegistryCommand.HistoryCommand.class,
                RegistryCommand.DownloadCommand.class, RegistryCommand.GcCommand.class,
                RegistryCommand.VerifyCommand.class})
public class RegistryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return ExitCodes.USAGE_OR_INPUT;
    }

    /** Options every registry subcommand has. */
    static class RegistryOptions {
        @Option(names = "--registry", paramLabel = "URI", description = "Registry URI (default: $MLSTEPS_REGISTRY, else ~/.mlsteps/registry).")
        String registry;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        Registry open() {
            return Registry.open(registry);
        }
    }

    static PrintStream out() {
        return System.out;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the models, or the versions of one model (newest last).")
    static class ListCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model name: list its versions.")
        String name;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only versions with this tag; repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                if (name == null) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (String model : registry.models()) {
                        List<ModelVersion> versions = registry.versions(model);
                        ModelVersion latest = versions.get(versions.size() - 1);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("name", model);
                        row.put("versions", versions.size());
                        row.put("latest", latest.version());
                        row.put("latestAt", latest.createdAt().toString());
                        row.put("aliases", registry.aliases(model));
                        rows.add(row);
                    }
                    if (options.json) {
                        out().println(Json.toString(rows));
                    } else if (rows.isEmpty()) {
                        out().println("no models in " + registry.location());
                    } else {
                        out().printf(Locale.ROOT, "%-24s %8s %7s  %-24s %s%n", "NAME", "VERSIONS", "LATEST", "REGISTERED", "ALIASES");
                        for (Map<String, Object> r : rows) {
                            out().printf(Locale.ROOT, "%-24s %8s %7s  %-24s %s%n", r.get("name"), r.get("versions"),
                                    r.get("latest"), r.get("latestAt"), aliasText(r.get("aliases")));
                        }
                    }
                    return ExitCodes.PASSED;
                }
                ModelRef.checkName(name, "NAME");
                List<ModelVersion> versions = tags.isEmpty() ? registry.versions(name) : registry.find(name, tags);
                if (versions.isEmpty() && !registry.models().contains(name)) {
                    registry.resolve(name); // the located "no model named" error
                }
                if (options.json) {
                    out().println(Json.toString(versions.stream().map(RegistryCommand::summary).toList()));
                    return ExitCodes.PASSED;
                }
                out().printf(Locale.ROOT, "%-8s %-24s %-14s %-30s %-22s %s%n", "VERSION", "REGISTERED", "SHA256", "METRICS",
                        "ALIASES", "BY");
                for (ModelVersion v : versions) {
                    out().printf(Locale.ROOT, "%-8d %-24s %-14s %-30s %-22s %s%n", v.version(), v.createdAt(),
                            v.artifactSha256().substring(0, 12), headline(v.metrics()), String.join(",", v.aliases()),
                            v.createdBy());
                }
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one version: name@3, name@production or name (latest).")
    static class ShowCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Parameters(index = "0", paramLabel = "REF", description = "name, name@VERSION or name@ALIAS.")
        String ref;

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                ModelVersion v = registry.resolve(ref);
                List<LineageEvent> events = registry.events(v.name(), v.version(), null);
                if (options.json) {
                    Map<String, Object> all = new LinkedHashMap<>(Json.mapper().convertValue(v,
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
                    all.put("ref", v.ref());
                    all.put("gatePassed", registry.gatePassed(v.name(), v.version()));
                    all.put("events", events);
                    out().println(Json.toString(all));
                    return ExitCodes.PASSED;
                }
                PrintStream o = out();
                o.println(v.ref() + (v.aliases().isEmpty() ? "" : "  (" + String.join(", ", v.aliases()) + ")"));
                o.println("  artifact    " + v.artifactName() + "  " + v.artifactSize() + " bytes  sha256 " + v.artifactSha256());
                o.println("  registered  " + v.createdAt() + " by " + v.createdBy());
                if (v.description() != null) {
                    o.println("  description " + v.description());
                }
                if (v.profileSha256() != null) {
                    o.println("  profile     sha256 " + v.profileSha256());
                }
                if (v.card() != null && v.card().hasNonNull("algorithm")) {
                    o.println("  algorithm   " + v.card().get("algorithm").asText());
                }
                v.metrics().forEach((k, val) -> o.printf(Locale.ROOT, "  metric      %s = %.6g%n", k, val));
                v.tags().forEach((k, val) -> o.println("  tag         " + k + " = " + val));
                v.datasets().forEach(d -> o.println("  dataset     " + d.role() + " " + (d.uri() == null ? "" : d.uri() + " ")
                        + "sha256 " + d.sha256() + (d.rows() == null ? "" : " rows " + d.rows())));
                if (v.build() != null) {
                    o.println("  build       " + (v.build().url() != null ? v.build().url() : v.build().tag())
                            + (v.build().commit() != null ? " commit " + v.build().commit() : ""));
                }
                for (LineageEvent e : events) {
                    o.println("  " + String.format(Locale.ROOT, "%-11s", e.kind()) + " #" + e.id() + " " + e.at()
                            + (e.passed() == null ? "" : e.passed() ? " passed" : " FAILED") + " by " + e.actor()
                            + (e.attributes().isEmpty() ? "" : " " + e.attributes()));
                }
                o.println("  gate        " + (registry.gatePassed(v.name(), v.version()) ? "passed" : "not passed"));
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true,
            description = {"Move an alias to a version (audited), remove it, or protect it.",
                    "  mlsteps registry alias adult production 3 --reason 'passed canary' --require-gate",
                    "  mlsteps registry alias adult production staging     (to the version staging points at)",
                    "  mlsteps registry alias adult staging --remove",
                    "  mlsteps registry alias '*' production --protect      (every move of production needs a passed gate)",
                    "Exit code 2 when the gate refuses the move."})
    static class AliasCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Parameters(index = "0", paramLabel = "NAME", description = "The model (or * with --protect).")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
        String alias;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "A version number or another alias.")
        String target;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit trail).")
        String reason;

        @Option(names = "--actor", paramLabel = "WHO", description = "Who moves it (default: the CI build, else $USER).")
        String actor;

        @Option(names = "--require-gate", description = "Refuse unless the version's latest evaluation/comparison passed.")
        boolean requireGate;

        @Option(names = "--remove", description = "Remove the alias.")
        boolean remove;

        @Option(names = "--protect", description = "Make every future move of this alias require a passed gate.")
        boolean protect;

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                if (protect) {
                    registry.protectAlias(name, alias, actor);
                    out().println("alias '" + alias + "' of " + ("*".equals(name) ? "every model" : name)
                            + " now requires a passed gate");
                    return ExitCodes.PASSED;
                }
                AliasEvent event;
                if (remove) {
                    event = registry.removeAlias(name, alias, actor, reason);
                } else {
                    if (target == null) {
                        throw new InputException("VERSION", "is required: the version number (or another alias) "
                                + "to point '" + alias + "' at");
                    }
                    int version = target.matches("[0-9]+") ? Integer.parseInt(target)
                            : registry.resolve(name + "@" + target).version();
                    try {
                        event = registry.moveAlias(name, alias, version, actor, reason, requireGate);
                    } catch (GateNotPassedException e) {
                        System.err.println("mlsteps: gate: " + e.getMessage());
                        return ExitCodes.FAILURE;
                    }
                }
                if (options.json) {
                    out().println(Json.toString(event));
                } else {
                    out().println(describe(event));
                }
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "The audit trail of a model's aliases: who moved which alias from which version to which, when and why.")
    static class HistoryCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
        String name;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Only this alias.")
        String alias;

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                ModelRef.checkName(name, "NAME");
                if (!registry.models().contains(name)) {
                    registry.resolve(name);
                }
                List<AliasEvent> events = registry.aliasHistory(name, alias);
                if (options.json) {
                    out().println(Json.toString(events));
                } else if (events.isEmpty()) {
                    out().println("no alias moves recorded for " + name + (alias == null ? "" : "@" + alias));
                } else {
                    events.forEach(e -> out().println(describe(e)));
                }
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Copy a version's artifact (or its training profile) to a file, verifying its sha256.")
    static class DownloadCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Parameters(index = "0", paramLabel = "REF", description = "name, name@VERSION or name@ALIAS.")
        String ref;

        @Option(names = {"-o", "--output"}, paramLabel = "PATH",
                description = "Target file, or an existing folder (default: the artifact's name in the current folder).")
        Path output;

        @Option(names = "--profile", description = "Download the training data profile instead of the artifact.")
        boolean profile;

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                ModelVersion v = registry.resolve(ref);
                String defaultName = profile ? v.name() + "-" + v.version() + "-profile.json" : v.artifactName();
                Path target = output == null ? Path.of(defaultName)
                        : Files.isDirectory(output) ? output.resolve(defaultName) : output;
                Path written = profile ? registry.fetchProfile(v, target) : registry.fetchArtifact(v, target);
                out().println(v.ref() + " -> " + written + " (sha256 verified)");
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Remove blobs no version refers to (left by interrupted registrations), older than --min-age.")
    static class GcCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Option(names = "--min-age", paramLabel = "AGE", defaultValue = "1h",
                description = "Spare orphans younger than this, so registrations in progress are safe: 30m, 1h, 2d, 0 "
                        + "(default: ${DEFAULT-VALUE}).")
        String minAge;

        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;

        @Override
        public Integer call() {
            Duration age = parseAge(minAge);
            try (Registry registry = options.open()) {
                GcReport report = registry.gc(age, dryRun);
                if (options.json) {
                    out().println(Json.toString(report));
                } else {
                    report.removed().forEach(b -> out().println((dryRun ? "would remove " : "removed ") + b));
                    out().printf(Locale.ROOT, "%s%d orphan file(s), %d bytes; kept %d referenced blob(s), %d orphan(s) "
                                    + "younger than %s%n", dryRun ? "dry run: would remove " : "removed ",
                            report.removed().size(), report.bytesFreed(), report.referenced(), report.tooYoung(), minAge);
                }
                return ExitCodes.PASSED;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that every blob a version refers to exists and matches its sha256. Exit 2 on damage.")
    static class VerifyCommand implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Override
        public Integer call() {
            try (Registry registry = options.open()) {
                List<String> problems = registry.verify();
                if (options.json) {
                    out().println(Json.toString(Map.of("problems", problems)));
                } else if (problems.isEmpty()) {
                    out().println("all blobs intact in " + registry.location());
                } else {
                    problems.forEach(p -> out().println("DAMAGED: " + p));
                }
                return problems.isEmpty() ? ExitCodes.PASSED : ExitCodes.FAILURE;
            }
        }
    }

    static Duration parseAge(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new InputException("--min-age " + text, "expected a duration such as 30m, 1h, 2d or 0");
        }
    }

    static String describe(AliasEvent e) {
        String from = e.fromVersion() == null ? "(none)" : e.name() + "@" + e.fromVersion();
        String to = e.toVersion() == null ? "(removed)" : e.name() + "@" + e.toVersion();
        return String.format(Locale.ROOT, "#%d %s %s@%s: %s -> %s by %s%s%s", e.id(), e.at(), e.name(), e.alias(), from, to,
                e.actor(), e.reason() == null ? "" : " - " + e.reason(), e.gateChecked() ? " [gate passed]" : "");
    }

    static Map<String, Object> summary(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", v.ref());
        m.put("version", v.version());
        m.put("createdAt", v.createdAt().toString());
        m.put("createdBy", v.createdBy());
        m.put("artifactSha256", v.artifactSha256());
        m.put("artifactName", v.artifactName());
        m.put("metrics", v.metrics());
        m.put("tags", v.tags());
        m.put("aliases", v.aliases());
        return m;
    }

    static String headline(Map<String, Double> metrics) {
        return metrics.entrySet().stream().limit(2)
                .map(e -> String.format(Locale.ROOT, "%s=%.4g", e.getKey(), e.getValue())).collect(Collectors.joining(" "));
    }

    static String aliasText(Object aliases) {
        if (aliases instanceof Map<?, ?> m && !m.isEmpty()) {
            return m.entrySet().stream().map(e -> e.getKey() + "->" + e.getValue()).collect(Collectors.joining(", "));
        }
        return "";
    }
}
