package hudson.model;

import java.io.PrintStream;

public interface TaskListener {
    PrintStream getLogger();
}
