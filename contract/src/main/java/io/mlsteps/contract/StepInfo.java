package io.mlsteps.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a step on its request record: the Jenkinsfile function, the CLI command and what it does. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StepInfo {
    /** The Jenkinsfile function name, e.g. {@code trainModel}. */
    String name();

    /** The CLI command, e.g. {@code train}. */
    String command();

    /** A short title for the Snippet Generator, e.g. "Train a model". */
    String title();

    /** One sentence: what the step does. */
    String summary();
}
