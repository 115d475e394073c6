package io.mlsteps.cli.runner;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Jenkins' {@code @NonCPS}, which Jenkinsfiles use without an import: a method that runs outside CPS. The
 * runner runs all Groovy as plain Groovy, so such methods simply run; the annotation only has to resolve.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface NonCPS {
}
