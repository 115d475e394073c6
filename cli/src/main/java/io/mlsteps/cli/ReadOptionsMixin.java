package io.mlsteps.cli;

import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.ReadingArgs;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.step.Requests;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * How to read a data file for the commands that are not steps (profile, infer-schema): the contract's reading
 * arguments ({@link ReadingArgs}) as options, the same as the steps', plus the number of reader threads.
 */
public class ReadOptionsMixin {
    /** A command that reads data with these options; its reading options are added when the command is built. */
    interface Reads {
        ReadOptionsMixin reading();
    }

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    private ContractOptions options;

    /** Adds the reading options and {@code --threads} to a command. */
    void attach(CommandSpec command) {
        options = new ContractOptions(command, RecordSpec.of(ReadingArgs.class), List.of());
        command.addMixin("threads", CommandSpec.forAnnotatedObject(this));
    }

    ReadOptions toReadOptions() {
        return Reading.options(arguments());
    }

    /** The reading arguments as given (defaults applied). */
    ReadingArgs arguments() {
        return Requests.bindRecord(ReadingArgs.class, options.values());
    }

    int threads() {
        if (threads != null && threads < 1) {
            throw new io.mlsteps.util.InputException("--threads", "is " + threads + "; expected 1 or more");
        }
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
