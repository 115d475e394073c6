package io.mlsteps.archfixture.run;

/** The top layer, which the fixture's util wrongly imports. */
public class FixtureRunner {
    public static String name() {
        return "runner";
    }
}
