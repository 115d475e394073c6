package io.mlsteps.jenkins.agent;

import hudson.remoting.VirtualChannel;
import jenkins.agents.ControllerToAgentFileCallable;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs on the agent, on a completely written part file, and gives it its final name only if no file has that
 * name yet; answers whether this call created it.
 *
 * <p>Why a hard link: {@code FilePath.renameTo} ({@code Files.move} without {@code REPLACE_EXISTING}) checks
 * for the target and then renames, so two steps installing the same jar at once can both "win", the second
 * replacing the first's jar. {@code link(2)} fails with {@code EEXIST} atomically. On a file system without hard
 * links the move is used instead, with that small race (both copies are complete, so only the log repeats).
 */
record LinkIntoPlace(String target) implements ControllerToAgentFileCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean invoke(File part, VirtualChannel channel) throws IOException {
        Path source = part.toPath();
        Path jar = Path.of(target);
        try {
            Files.createLink(jar, source);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            return moveUnlessPresent(source, jar);
        }
    }

    static boolean moveUnlessPresent(Path source, Path jar) throws IOException {
        try {
            Files.move(source, jar);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
