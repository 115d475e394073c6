package io.mlsteps.cli;

import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.EngineArgs;
import io.mlsteps.engine.EngineChoice;
import io.mlsteps.step.Requests;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * Where a command that is not a step (profile, infer-schema) runs its pass over the data: the contract's engine
 * arguments ({@link EngineArgs}: {@code --engine}, {@code --spark-master}, {@code --spark-conf}) as options, the
 * same as validate's and drift's.
 */
public class EngineMixin {
    /** A command that can run its pass on an engine; its engine options are added when the command is built. */
    interface Runs {
        EngineMixin engine();
    }

    private ContractOptions options;

    /** Adds the engine options to a command. */
    void attach(CommandSpec command) {
        options = new ContractOptions(command, RecordSpec.of(EngineArgs.class), List.of());
    }

    /** The engine arguments as given (defaults applied). */
    EngineArgs arguments() {
        return Requests.bindRecord(EngineArgs.class, options.values());
    }

    /** The validated choice. */
    EngineChoice choice() {
        return EngineChoice.of(arguments(), System.getenv());
    }
}
