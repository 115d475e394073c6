/**
 * Work on the agent: installing the engine jar once per content hash, finding the agent's Java, and
 * starting the engine in a child JVM with its output streamed to the build log.
 */
package io.mlsteps.jenkins.agent;
