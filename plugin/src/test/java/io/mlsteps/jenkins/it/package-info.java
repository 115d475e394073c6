/**
 * JenkinsRule tests: they need a real Jenkins and run only with {@code mvn -Pjenkins verify} where the Jenkins
 * Maven repository is reachable. The stand-in check (plugin/check) excludes this package.
 */
package io.mlsteps.jenkins.it;
