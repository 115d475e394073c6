/**
 * The plugin's own logic about the engine, free of Jenkins classes so it is unit-tested without Jenkins:
 * the table of step arguments and their mapping to the request JSON, reading {@code result.json}, the
 * rules that turn a result into a stage/build result or a failed step, the value returned to the
 * Jenkinsfile, the child-JVM command line, and the hashes used to cache the engine jar and fingerprint files.
 */
package io.mlsteps.jenkins.engine;
