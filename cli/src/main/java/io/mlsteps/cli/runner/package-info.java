/**
 * The local Jenkinsfile runner ({@code mlsteps run}): compiles a Jenkinsfile with Groovy's own compiler,
 * checks before running that every step and block is one it supports (an error names the line otherwise),
 * executes the declarative subset ML pipelines use and scripted {@code node}/{@code stage} with Jenkins'
 * result semantics, runs the seven ML steps in-process on the engine, and keeps a local build history
 * ({@code .mlsteps/builds/N/}) with the report over it ({@code mlsteps report}). Groovy lives only here.
 */
package io.mlsteps.cli.runner;
