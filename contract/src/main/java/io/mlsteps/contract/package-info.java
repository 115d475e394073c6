/**
 * The step contract every front end shares (CLI, local Jenkinsfile runner, Jenkins plugin, engine): each
 * argument of each step is declared once, as an {@link io.mlsteps.contract.Arg}-annotated component of an
 * immutable request record ({@code steps}); the binder ({@code bind}) turns front-end arguments into the
 * canonical {@code request.json} and the typed record; {@code result} holds the result, the checks and the
 * outcome rules (criticality to stage and build result); {@code gate} the one gate type, the metric catalogue
 * and the gate evaluator. No runtime dependencies and no Jenkins type, so the plugin can bundle the jar.
 */
package io.mlsteps.contract;
