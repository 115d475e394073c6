package io.mlsteps.jenkins.results;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;

/**
 * Passes username/password credentials to the engine's JVM as environment variables
 * ({@code PREFIX_USER}, {@code PREFIX_PASSWORD}); never on the command line, never in the request file.
 */
public final class Credentials {
    private Credentials() {
    }

    public static void addUsernamePassword(EnvVars env, String credentialsId, String prefix, Run<?, ?> run)
            throws AbortException {
        if (credentialsId == null) {
            return;
        }
        StandardUsernamePasswordCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class, run);
        if (credentials == null) {
            throw new AbortException("mlsteps: credentials '" + credentialsId + "' (username with password), set in the"
                    + " global configuration, were not found or are not visible to this job");
        }
        env.put(prefix + "_USER", credentials.getUsername());
        env.put(prefix + "_PASSWORD", credentials.getPassword().getPlainText());
    }
}
