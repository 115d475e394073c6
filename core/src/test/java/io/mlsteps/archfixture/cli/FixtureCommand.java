package io.mlsteps.archfixture.cli;

/** A front-end type, which the fixture's data package wrongly imports. */
public class FixtureCommand {
    public static final String NAME = "fixture";

    public static String name() {
        return NAME;
    }
}
