/**
 * The {@code mlsteps} command line: one subcommand per step (flags and {@code --request}), the registry,
 * lineage, serving and the local Jenkinsfile runner; exit codes map step statuses for any CI.
 */
package io.mlsteps.cli;
