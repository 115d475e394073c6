package io.mlsteps.cli.runner;

import io.mlsteps.util.InputException;

/** A Jenkinsfile the runner cannot run: a syntax error or an unsupported step or block, with its line. */
public class JenkinsfileException extends InputException {
    public JenkinsfileException(String file, long line, long column, String problem) {
        super(file, line, column, problem);
    }
}
