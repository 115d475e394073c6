package io.mlsteps.archfixture.data;

import io.mlsteps.archfixture.cli.FixtureCommand;

/** An engine type that imports a front end. */
public class FixtureReader {
    public String command() {
        return FixtureCommand.name();
    }
}
