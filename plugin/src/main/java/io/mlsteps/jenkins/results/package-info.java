/**
 * What a build and a job show: the build action (summary, charts, gate table, report, lineage), the job's
 * metric and drift trends, fingerprints of datasets and models with their lineage facet, and the one place
 * that talks to Jenkins' fingerprint map and credentials.
 */
package io.mlsteps.jenkins.results;
