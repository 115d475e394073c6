package io.mlsteps.cli;

import io.mlsteps.contract.steps.Steps;
import io.mlsteps.run.StepCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mlsteps undeploy}: the deployModel step with {@code action: 'stop'}. Its options are the deployModel
 * arguments a stop reads, built from the contract like {@code mlsteps deploy}'s ({@link ContractOptions}); its result
 * goes to {@code <run-dir>/undeploy/} so that it does not replace the last deployment's.
 * Reference: docs/steps/deployModel.md.
 */
@Command(name = "undeploy", sortOptions = false,
        description = "deployModel action 'stop': stop what was deployed of a model on a target: the server the "
                + "deployment state names and any other server started from the same deployment folder (local "
                + "processes, Docker containers), or its Deployments and Service (kubernetes, with kubectl). "
                + "The registry and its aliases are not touched. --model takes the model's name (a reference's "
                + "version part is ignored).")
public class UndeployCommand implements Callable<Integer> {
    static final String STEP = "deployModel";
    /** The deployModel arguments a stop reads; the others only matter to a deployment. */
    static final List<String> ARGUMENTS = List.of("model", "name", "target", "deployDir", "dockerHost", "namespace");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private final CommonOptions common = new CommonOptions();

    private ContractOptions arguments;

    /**
     * Adds the options of {@link #ARGUMENTS} from the contract, then the options every step command has (called when
     * the command line is built).
     */
    void attach(CommandSpec command) {
        arguments = ContractOptions.only(command, Steps.spec(STEP), ARGUMENTS);
        command.addMixin("common", CommandSpec.forAnnotatedObject(common));
    }

    @Override
    public Integer call() throws Exception {
        if (common.out == null) {
            common.out = common.runDir.resolve("undeploy");
        }
        Map<String, Object> flags = arguments.values();
        flags.put("action", "stop");
        return StepCommand.run(StepCatalog.find(STEP).orElseThrow(), common, flags).getStatus().exitCode();
    }
}
