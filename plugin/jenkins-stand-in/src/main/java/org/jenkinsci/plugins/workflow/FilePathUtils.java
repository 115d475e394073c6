package org.jenkinsci.plugins.workflow;

import hudson.FilePath;

/**
 * Signatures of workflow-api's FilePathUtils. Modelled for a controller whose only node is the built-in one
 * ({@code ""}), which is where the stand-in's local FilePath lives.
 */
public class FilePathUtils {
    private FilePathUtils() {
    }

    public static String getNodeNameOrNull(FilePath f) {
        return f.getChannel() == null ? "" : null;
    }

    public static String getNodeName(FilePath f) throws IllegalStateException {
        String name = getNodeNameOrNull(f);
        if (name == null) {
            throw new IllegalStateException("no known agent for " + f);
        }
        return name;
    }

    public static FilePath find(String node, String path) {
        return node.isEmpty() ? new FilePath((hudson.remoting.VirtualChannel) null, path) : null;
    }
}
