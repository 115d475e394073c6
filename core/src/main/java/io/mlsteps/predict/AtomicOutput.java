package io.mlsteps.predict;

import io.mlsteps.util.InputException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written beside its final place and moved there only when complete, so a failed or stopped run never
 * leaves a truncated predictions file that looks finished. Opened before any work, so a folder that cannot be
 * written is an input error naming the argument before the model is loaded.
 */
final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path part;
    private final OutputStream out;
    private boolean committed;

    private AtomicOutput(Path target, Path part, OutputStream out) {
        this.target = target;
        this.part = part;
        this.out = out;
    }

    static AtomicOutput open(Path target, String argument) {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputException(argument, "cannot create the folder " + folder + " (" + describe(e)
                    + "); expected a folder this step may write");
        }
        try {
            Path part = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
            return new AtomicOutput(target, part, new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
        } catch (IOException e) {
            throw new InputException(argument, "cannot write in " + folder + " (" + describe(e)
                    + "); expected a folder this step may write");
        }
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    OutputStream stream() {
        return out;
    }

    Path target() {
        return target;
    }

    /** Closes the file and moves it to its place, replacing an earlier one. */
    void commit() throws IOException {
        out.close();
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Removes the partial file unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the partial file is removed next; its close failing changes nothing
            }
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // best effort: a leftover hidden .part file is harmless
            }
        }
    }
}
