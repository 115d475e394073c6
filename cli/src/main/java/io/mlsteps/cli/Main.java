package io.mlsteps.cli;

import io.mlsteps.util.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code mlsteps} command: every step as a subcommand, plus the registry, the server and the runner. */
@Command(name = "mlsteps", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "ML stages for CI/CD: validate data, train, evaluate, compare, register, deploy, check drift.%n"
                + "Exit codes: 0 passed, 1 unstable, 2 failure, 3 usage or input error, 4 internal error.",
        subcommands = {})
public class Main implements Runnable {
    /**
     * The subcommands. Only the one a command line names is built: picocli reflects over every option of every
     * subcommand it is given, which took most of a short step's start-up.
     */
    static final Class<?>[] COMMANDS = {
                ProfileCommand.class,
                InferSchemaCommand.class,
                RegistryCommand.class,
                LineageCommand.class,
                UndeployCommand.class,
                DeploymentsCommand.class,
                ServeCommand.class,
                RunCommand.class,
                ReportCommand.class,
                StepByNameCommand.class,
                CommandLine.HelpCommand.class
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (used by tests and the local runner). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        // picocli looks for Groovy closures in annotations (groovy.lang.Closure, on the class path for the local
        // runner); loading that class starts Groovy's runtime, a fifth of a second in every command. None are used.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        io.mlsteps.util.SketchRuntime.allowNewerJava();
        if (SparkRelaunch.needed(args, System.getenv())) {
            try {
                return SparkRelaunch.run(args, System.getenv());
            } catch (InputException e) {
                System.err.println("mlsteps: error: " + e.getMessage());
                return ExitCodes.USAGE_OR_INPUT;
            } catch (java.io.IOException e) {
                System.err.println("mlsteps: internal error: cannot start the Spark driver process: " + e.getMessage());
                return ExitCodes.INTERNAL;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.INTERNAL;
            }
        }
        CommandLine cli = commandLine(args);
        try {
            return cli.execute(args);
        } catch (Error e) {
            // An Error (e.g. a library refusing this JVM) escapes picocli's handlers; it is still exit 4, not 1.
            System.err.println("mlsteps: internal error: " + e + (java.util.Arrays.asList(args).contains("--debug")
                    ? "" : " (run with --debug for details)"));
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace();
            }
            return ExitCodes.INTERNAL;
        }
    }

    private static java.util.List<String> names(Class<?> command) {
        Command a = command.getAnnotation(Command.class);
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(a.aliases()));
        names.add(a.name());
        return names;
    }

    /** The command line for {@code line} (its subcommand, or all of them when it names none). */
    static CommandLine commandLine(String... line) {
        CommandLine cli = new CommandLine(new Main());
        // only the named command is built; all of them for help, a bare 'mlsteps' or an unknown name (suggestions)
        String named = java.util.Arrays.stream(line).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        boolean one = named != null && !named.equals("help")
                && (java.util.Arrays.stream(COMMANDS).anyMatch(c -> names(c).contains(named))
                || StepCommand.stepOfCommand(named).isPresent());
        // the seven steps' commands, built from the contract, then the others
        for (String step : io.mlsteps.contract.steps.Steps.names()) {
            String command = io.mlsteps.contract.steps.Steps.info(step).command();
            if (!one || command.equals(named)) {
                cli.addSubcommand(command, StepCommand.commandLine(step));
            }
        }
        for (Class<?> c : COMMANDS) {
            if (!one || names(c).contains(named)) {
                CommandLine sub = new CommandLine(c);
                if (sub.getCommand() instanceof ReadOptionsMixin.Reads reads) {
                    reads.reading().attach(sub.getCommandSpec());
                }
                if (sub.getCommand() instanceof UndeployCommand undeploy) {
                    undeploy.attach(sub.getCommandSpec());
                }
                if (sub.getCommand() instanceof EngineMixin.Runs runs) {
                    runs.engine().attach(sub.getCommandSpec());
                }
                cli.addSubcommand(sub);
            }
        }
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mlsteps: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE_OR_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine,
                parseResult.expandedArgs().contains("--debug")));
        return cli;
    }

    static int handle(Exception ex, CommandLine commandLine, boolean debug) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = ex;
        while (!(cause instanceof InputException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof InputException input) {
            err.println("mlsteps: error: " + input.getMessage());
            if (debug) {
                ex.printStackTrace(err);
            }
            return ExitCodes.USAGE_OR_INPUT;
        }
        if (ex instanceof UncheckedIOException io) {
            err.println("mlsteps: I/O error: " + io.getMessage()
                    + (io.getCause() == null ? "" : " (" + io.getCause().getMessage() + ")"));
        } else {
            err.println("mlsteps: internal error: " + ex + " (run with --debug for details)");
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    /** The engine's version, commit and build date (from the build), and the Java running it. */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"mlsteps " + io.mlsteps.util.EngineVersion.current().describe(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
