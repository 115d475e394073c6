/**
 * A deliberately broken little engine that {@link io.mlsteps.architecture.ArchitectureTest} evaluates its rules on,
 * to show each rule fails when broken: {@code model} and {@code metrics} import each other (a cycle), {@code util}
 * imports {@code run} (an arrow back up), {@code evaluate} names {@code train}'s step class (a step reached around
 * the contract), {@code data} imports a front end ({@code cli}). Nothing else uses these classes.
 */
package io.mlsteps.archfixture;
