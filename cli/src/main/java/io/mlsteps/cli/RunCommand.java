package io.mlsteps.cli;

import io.mlsteps.cli.runner.JenkinsfileRunner;
import io.mlsteps.cli.runner.RunSettings;
import io.mlsteps.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsteps run [Jenkinsfile]}: runs a Jenkinsfile locally with the real steps, as the next local build. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a Jenkinsfile locally with the real steps, as the next build in .mlsteps/builds/N/.",
                "Checks the Jenkinsfile as Jenkins does before anything runs, then runs it with Jenkins' results; "
                        + "what the runner cannot do as Jenkins does is an error naming it and its line.",
                "Exit code: 0 SUCCESS, 1 UNSTABLE, 2 FAILURE, 3 the Jenkinsfile or an argument is wrong, 5 ABORTED, "
                        + "6 NOT_BUILT."})
public class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "JENKINSFILE", defaultValue = "Jenkinsfile",
            description = "The Jenkinsfile (default: ${DEFAULT-VALUE}).")
    Path jenkinsfile;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Set a declared parameter (repeatable), e.g. -p MIN_ACCURACY=0.9.")
    List<String> params = new java.util.ArrayList<>();

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "The workspace steps run in and WORKSPACE points to (default: the current directory).")
    Path workspace;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the build history lives (default: <workspace>/.mlsteps).")
    Path runDir;

    @Option(names = "--job", paramLabel = "NAME", description = "JOB_NAME (default: the workspace folder's name).")
    String job;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "BRANCH_NAME for when { branch ... } (default: the workspace's git branch).")
    String branch;

    @Option(names = "--no-report", description = "Do not rewrite the report (index.html) after the build.")
    boolean noReport;

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new InputException("-p " + p, "expected NAME=VALUE");
            }
            parameters.put(p.substring(0, eq), p.substring(eq + 1));
        }
        Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
        Path rd = runDir == null ? ws.resolve(".mlsteps") : runDir.toAbsolutePath().normalize();
        String jobName = job != null ? job : ws.getFileName() == null ? "job" : ws.getFileName().toString();
        RunSettings settings = new RunSettings(jenkinsfile, ws, rd, jobName, branch, parameters, !noReport);
        return JenkinsfileRunner.run(settings, System.out).result().exitCode();
    }
}
