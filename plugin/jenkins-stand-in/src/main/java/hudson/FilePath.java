package hudson;

import hudson.remoting.VirtualChannel;
import org.jenkinsci.remoting.RoleSensitive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

public final class FilePath implements Serializable {
    public FilePath(File localPath) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public FilePath(FilePath base, String rel) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String getName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String readToString() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void write(final String content, final String encoding) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public int copyRecursiveTo(String fileMask, FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String digest() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
