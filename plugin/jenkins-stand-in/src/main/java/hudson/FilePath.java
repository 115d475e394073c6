package hudson;

import hudson.remoting.VirtualChannel;
import org.jenkinsci.remoting.RoleSensitive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Signatures of core's {@code hudson.FilePath}. The bodies are this stand-in's own model of what the real class
 * does on a <em>local</em> path (no channel), written so the plugin's agent-side logic can be tested here; where
 * the real behaviour matters to the plugin it is modelled on purpose: {@link #renameTo} is {@code Files.move}
 * without {@code REPLACE_EXISTING} (a second writer of the same target fails), {@link #readToString()} decodes
 * with the platform's default charset, {@link #write(String, String)} with null encoding writes in it.
 */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String remote;

    public FilePath(VirtualChannel channel, String remote) {
        this.remote = remote;
    }

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public FilePath(FilePath base, String rel) {
        this.remote = Path.of(rel).isAbsolute() ? rel : Path.of(base.remote).resolve(rel).toString();
    }

    private Path path() {
        return Path.of(remote);
    }

    public String getRemote() {
        return remote;
    }

    public String getName() {
        Path name = path().getFileName();
        return name == null ? "" : name.toString();
    }

    public FilePath getParent() {
        Path parent = path().getParent();
        return parent == null ? null : new FilePath(parent.toFile());
    }

    public VirtualChannel getChannel() {
        return null;
    }

    public FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    public boolean exists() throws IOException, InterruptedException {
        return Files.exists(path());
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        return Files.isDirectory(path());
    }

    public long length() throws IOException, InterruptedException {
        return Files.exists(path()) ? Files.size(path()) : 0;
    }

    public long lastModified() throws IOException, InterruptedException {
        return Files.exists(path()) ? Files.getLastModifiedTime(path()).toMillis() : 0;
    }

    public void mkdirs() throws IOException, InterruptedException {
        Files.createDirectories(path());
    }

    public boolean delete() throws IOException, InterruptedException {
        Files.deleteIfExists(path());
        return true;
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        if (!Files.exists(path(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path())) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public InputStream read() throws IOException, InterruptedException {
        return Files.newInputStream(path());
    }

    public String readToString() throws IOException, InterruptedException {
        return Files.readString(path(), Charset.defaultCharset());
    }

    public OutputStream write() throws IOException, InterruptedException {
        Files.createDirectories(path().toAbsolutePath().getParent());
        return Files.newOutputStream(path());
    }

    public void write(final String content, final String encoding) throws IOException, InterruptedException {
        Files.createDirectories(path().toAbsolutePath().getParent());
        Files.writeString(path(), content, encoding == null ? Charset.defaultCharset() : Charset.forName(encoding));
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        try (OutputStream out = write()) {
            in.transferTo(out);
        }
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        Files.move(path(), target.path(), LinkOption.NOFOLLOW_LINKS);
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        Files.createDirectories(target.path().toAbsolutePath().getParent());
        Files.copy(path(), target.path(), StandardCopyOption.REPLACE_EXISTING);
    }

    public int copyRecursiveTo(FilePath target) throws IOException, InterruptedException {
        return copyRecursiveTo("**/*", target);
    }

    /** Ant-style masks separated by commas, as the real method takes them; modelled with glob matchers. */
    public int copyRecursiveTo(String fileMask, FilePath target) throws IOException, InterruptedException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String mask : fileMask.split("\\s*,\\s*")) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + mask.replace("**", "{**,*}")));
        }
        int copied = 0;
        if (!Files.isDirectory(path())) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(path())) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                Path relative = path().relativize(file);
                if (matchers.stream().anyMatch(m -> m.matches(relative))) {
                    Path to = target.path().resolve(relative.toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    copied++;
                }
            }
        }
        return copied;
    }

    public String digest() throws IOException, InterruptedException {
        try (InputStream in = read()) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        return callable.invoke(new File(remote), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilePath other && Objects.equals(remote, other.remote);
    }

    @Override
    public int hashCode() {
        return remote.hashCode();
    }

    @Override
    public String toString() {
        return remote;
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
