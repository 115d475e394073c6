package io.mlsteps.jenkins.config;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.io.Serializable;

/**
 * Settings every ML step falls back to: the registry URI, the credentials for a PostgreSQL registry and a
 * Docker registry, default JVM options of the engine's child JVM, and the java executable to start it with.
 * Configuration as Code: {@code unclassified: mlsteps: registry: ...}.
 */
@Extension
@Symbol("mlsteps")
public class MlStepsConfiguration extends GlobalConfiguration {
    private String registry;
    private String postgresCredentialsId;
    private String dockerCredentialsId;
    private String jvmOptions;
    private String javaPath;

    public MlStepsConfiguration() {
        load();
    }

    /**
     * The settings a step uses, as they were when it started: a step resumed after a controller restart goes on
     * with them, whatever was saved in between.
     */
    public record Settings(String registry, String postgresCredentialsId, String dockerCredentialsId,
                           String jvmOptions, String javaPath) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public Settings settings() {
        return new Settings(registry, postgresCredentialsId, dockerCredentialsId, jvmOptions, javaPath);
    }

    /** The single instance Jenkins holds. */
    public static MlStepsConfiguration get() {
        return ExtensionList.lookupSingleton(MlStepsConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "ML steps (mlsteps)";
    }

    public String getRegistry() {
        return registry;
    }

    /** Registry URI: a folder, {@code file:...} or {@code jdbc:postgresql://...}; empty for the engine's default. */
    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = trimToNull(registry);
        save();
    }

    public String getPostgresCredentialsId() {
        return postgresCredentialsId;
    }

    /** Username/password credentials for a PostgreSQL registry, passed to the engine in its environment. */
    @DataBoundSetter
    public void setPostgresCredentialsId(String postgresCredentialsId) {
        this.postgresCredentialsId = trimToNull(postgresCredentialsId);
        save();
    }

    public String getDockerCredentialsId() {
        return dockerCredentialsId;
    }

    /** Username/password credentials for pushing images in {@code deployModel} with the docker target. */
    @DataBoundSetter
    public void setDockerCredentialsId(String dockerCredentialsId) {
        this.dockerCredentialsId = trimToNull(dockerCredentialsId);
        save();
    }

    public String getJvmOptions() {
        return jvmOptions;
    }

    /** Default options of the engine's JVM, e.g. {@code -Xmx4g}; a step's {@code jvmOptions} replaces them. */
    @DataBoundSetter
    public void setJvmOptions(String jvmOptions) {
        this.jvmOptions = trimToNull(jvmOptions);
        save();
    }

    public String getJavaPath() {
        return javaPath;
    }

    /** The java executable on agents; empty to use the agent's own Java. */
    @DataBoundSetter
    public void setJavaPath(String javaPath) {
        this.javaPath = trimToNull(javaPath);
        save();
    }

    /** The PostgreSQL credentials choice: username/password credentials of the global scope, for administrators. */
    @POST
    public ListBoxModel doFillPostgresCredentialsIdItems(@QueryParameter String postgresCredentialsId) {
        return usernamePasswordItems(postgresCredentialsId);
    }

    /** The Docker registry credentials choice, as {@link #doFillPostgresCredentialsIdItems}. */
    @POST
    public ListBoxModel doFillDockerCredentialsIdItems(@QueryParameter String dockerCredentialsId) {
        return usernamePasswordItems(dockerCredentialsId);
    }

    /**
     * Lists credentials only to those who may configure the system (anyone else sees just the current value), as
     * the credentials plugin's guide for consumers says; the form posts its request (CSRF crumb).
     */
    private static ListBoxModel usernamePasswordItems(String current) {
        Jenkins jenkins = Jenkins.get();
        if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(current);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeAs(ACL.SYSTEM2, jenkins, StandardUsernamePasswordCredentials.class)
                .includeCurrentValue(current);
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
