package io.mlsteps.archfixture.util;

import io.mlsteps.archfixture.run.FixtureRunner;

/** An arrow back up: the bottom layer imports the top one. */
public class FixtureUtil {
    public static String who() {
        return FixtureRunner.name();
    }
}
