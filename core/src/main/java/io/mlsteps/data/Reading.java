package io.mlsteps.data;

import io.mlsteps.contract.steps.ReadingArgs;

/** The contract's reading arguments ({@code format}, {@code delimiter}, {@code header}, ...) as the readers' options. */
public final class Reading {
    private Reading() {
    }

    /** How a step reads its data files; bad values are input errors naming the argument. */
    public static ReadOptions options(ReadingArgs args) {
        return ReadOptions.fromArguments(args.format(), args.delimiter(), args.header(),
                args.columnNames().isEmpty() ? null : args.columnNames(), args.missingValues());
    }

    /**
     * As {@link #options}, the format left out: for a distributed engine, which also reads formats the local readers
     * do not (Parquet, tables) and resolves the format itself.
     */
    public static ReadOptions textOptions(ReadingArgs args) {
        return ReadOptions.fromArguments(null, args.delimiter(), args.header(),
                args.columnNames().isEmpty() ? null : args.columnNames(), args.missingValues());
    }
}
