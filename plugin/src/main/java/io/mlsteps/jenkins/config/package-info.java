/** The plugin's global configuration (Manage Jenkins → System, and Configuration as Code). */
package io.mlsteps.jenkins.config;
