package io.mlsteps.cli;

import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.Binder;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.step.MlStep;
import io.mlsteps.run.StepCatalog;
import io.mlsteps.step.StepContext;
import io.mlsteps.run.StepRunner;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A step as a command ({@code mlsteps train}, {@code mlsteps drift}, ...), built from the step's request in the
 * contract: one option per argument ({@link ContractOptions}), the options every step has ({@link CommonOptions}),
 * and a step's own conveniences ({@link StepExtras}). The arguments go through the contract's binder like a
 * Jenkinsfile's: {@code --request FILE} first, the flags over it.
 */
final class StepCommand implements Callable<Integer> {
    /** The steps' own command-line conveniences beyond their arguments. */
    private static final Map<String, Supplier<StepExtras>> EXTRAS = Map.of(
            "trainModel", StepExtras.ListAlgorithms::new,
            "compareToBaseline", StepExtras.CompareRules::new);

    private final String step;
    private final CommonOptions common = new CommonOptions();
    private final StepExtras extras;
    private ContractOptions arguments;

    private StepCommand(String step) {
        this.step = step;
        this.extras = EXTRAS.getOrDefault(step, StepExtras.None::new).get();
    }

    /** The command of a step, by its Jenkinsfile name. */
    static CommandLine commandLine(String step) {
        return new CommandLine(new StepCommand(step).spec());
    }

    /** The Jenkinsfile name of the step whose CLI command is {@code command}, if it is one. */
    static java.util.Optional<String> stepOfCommand(String command) {
        return Steps.names().stream().filter(n -> Steps.info(n).command().equals(command)).findFirst();
    }

    private CommandSpec spec() {
        StepInfo info = Steps.info(step);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
        // --help only: --version is the mlsteps command's, and deployModel has an argument of that name
        spec.name(info.command()).addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.usageMessage().sortOptions(false).description(info.name() + ": " + info.summary(),
                "Writes request.json, result.json, report.html, junit.xml and charts/ into .mlsteps/" + info.name()
                        + "/ (--run-dir, --out).",
                "Exit codes: 0 passed, 1 unstable, 2 failure, 3 usage or input error, 4 internal error.");
        arguments = new ContractOptions(spec, Steps.spec(step), List.of("qualityGates"));
        spec.addMixin("common", CommandSpec.forAnnotatedObject(common));
        if (extras.options() != null) {
            spec.addMixin("extras", CommandSpec.forAnnotatedObject(extras.options()));
        }
        extras.attach(spec);
        return spec;
    }

    /** The raw arguments a command line gives a step, parsed but not run (the flags only, not --request). */
    static Map<String, Object> parse(String step, String... args) {
        StepCommand command = new StepCommand(step);
        new CommandLine(command.spec()).parseArgs(args);
        Map<String, Object> flags = command.arguments.values();
        command.extras.contribute(flags);
        if (!command.common.gates.isEmpty()) {
            flags.merge("qualityGates", command.common.gateArguments(),
                    (a, b) -> merge(Steps.spec(step), "qualityGates", a, b));
        }
        return flags;
    }

    @Override
    public Integer call() throws Exception {
        Integer early = extras.instead();
        if (early != null) {
            return early;
        }
        MlStep<?> implementation = StepCatalog.find(step).orElseThrow();
        Map<String, Object> flags = arguments.values();
        extras.contribute(flags);
        return run(implementation, common, flags).getStatus().exitCode();
    }

    /**
     * Runs a step with the arguments of {@code --request} (or none), the flags' over them and the {@code --gate}
     * gates added; shared by the step commands and {@code mlsteps step}.
     */
    static StepResult run(MlStep<?> step, CommonOptions common, Map<String, Object> flags) throws Exception {
        Map<String, Object> raw = common.request != null ? Json.readObject(common.request) : new LinkedHashMap<>();
        RecordSpec<?> spec = Steps.spec(step.name());
        flags.forEach((name, value) -> raw.merge(name, value, (fromFile, fromFlag) -> merge(spec, name, fromFile, fromFlag)));
        if (!common.gates.isEmpty()) {
            raw.merge("qualityGates", common.gateArguments(),
                    (fromFile, fromFlag) -> merge(spec, "qualityGates", fromFile, fromFlag));
        }
        return bindAndRun(step, raw, common);
    }

    /** A flag's value over the request file's: maps and gates add to it (the flag wins per key), others replace it. */
    private static Object merge(RecordSpec<?> spec, String name, Object fromFile, Object fromFlag) {
        ArgSpec arg = spec.arg(name).orElse(null);
        if (arg != null && arg.kind() == ArgKind.MAP) {
            Map<String, Object> merged = new LinkedHashMap<>(castMap(Binder.normalize(arg, fromFile)));
            merged.putAll(castMap(Binder.normalize(arg, fromFlag)));
            return merged;
        }
        if (arg != null && arg.kind() == ArgKind.RECORDS && fromFile instanceof List<?> a && fromFlag instanceof List<?> b) {
            List<Object> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
        return fromFlag;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static <Q extends StepRequest> StepResult bindAndRun(MlStep<Q> step, Map<String, Object> raw,
                                                                  CommonOptions common) throws Exception {
        Q request;
        try {
            request = Steps.request(step.requestType(), raw);
        } catch (ArgumentException e) {
            throw new InputException(flag(Steps.spec(step.name()), e.argument()), e.problem());
        }
        return runStep(step, request, Steps.requestJson(step.name(), raw), common, System.getenv());
    }

    /** An argument as the command line spells it: {@code columnThresholds.x} → {@code --column-threshold x}. */
    static String flag(RecordSpec<?> spec, String argument) {
        if (argument == null) {
            return null;
        }
        int end = 0;
        while (end < argument.length() && Character.isLetterOrDigit(argument.charAt(end))) {
            end++;
        }
        String name = argument.substring(0, end);
        String rest = argument.substring(end);
        return spec.arg(name).filter(a -> a.kind() != ArgKind.RECORDS)
                .map(a -> a.cliNames().get(0) + (rest.startsWith(".") ? " " + rest.substring(1) : rest))
                .orElse(argument);
    }

    /** Runs a bound request with the common options (run folder, log stream, --json, --quiet). */
    static <Q extends StepRequest> StepResult runStep(MlStep<Q> step, Q request, String requestJson, CommonOptions common,
                                                      Map<String, String> env) throws Exception {
        Path workDir = common.workDir != null ? common.workDir : Path.of("");
        Path stepDir = common.out != null ? common.out : common.runDir.resolve(step.name());
        PrintStream logStream = common.json ? System.err : System.out;
        if (common.quiet) {
            logStream = new PrintStream(java.io.OutputStream.nullOutputStream());
        }
        StepLog log = new StepLog(logStream, step.name(), System.console() != null && !common.json);
        StepContext context = new StepContext(workDir, stepDir, log, env);
        writeRequest(context.stepDir(), requestJson);
        StepResult result = new StepRunner().run(step, request, context);
        if (common.json) {
            System.out.println(Json.toString(result));
        } else if (common.quiet) {
            System.out.println(step.name() + ": " + result.getStatus());
        }
        return result;
    }

    private static void writeRequest(Path stepDir, String requestJson) {
        try {
            Files.createDirectories(stepDir);
            Files.writeString(stepDir.resolve("request.json"), requestJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stepDir.resolve("request.json"), e);
        }
    }
}
