package io.mlsteps.deploy;

import io.mlsteps.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The code a deployed server runs: the jars of this very process (the {@code mlsteps} jar, or a development
 * class path), copied into a stable folder so a rebuilt or deleted jar never breaks a server that outlives
 * the build. Copies are named by a hash of path, size and time, so repeated deployments reuse them.
 */
public final class ServerRuntime {
    public static final String MAIN_CLASS = "io.mlsteps.serve.ServeMain";

    private ServerRuntime() {
    }

    /** The class path entries of this JVM, with jar manifests' {@code Class-Path} expanded (test runners use them). */
    public static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                expand(Path.of(e).toAbsolutePath().normalize(), entries);
            }
        }
        return List.copyOf(entries);
    }

    private static void expand(Path entry, Set<Path> into) {
        if (!Files.exists(entry) || !into.add(entry) || Files.isDirectory(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String item : cp.trim().split("\\s+")) {
                    Path p = item.startsWith("file:") ? Path.of(java.net.URI.create(item)) : entry.resolveSibling(item);
                    expand(p.toAbsolutePath().normalize(), into);
                }
            }
        } catch (IOException e) {
            // not a jar: leave as is
        }
    }

    /** Copies the class path into {@code libDir} (jars as they are, class folders as jars); returns the jars. */
    public static List<Path> install(Path libDir) {
        try {
            Files.createDirectories(libDir);
            List<Path> jars = new ArrayList<>();
            for (Path entry : classPath()) {
                if (Files.isDirectory(entry)) {
                    String key = Hashing.sha256(folderStamp(entry).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
                    Path target = libDir.resolve(key + "-" + entry.getParent().getFileName() + "-" + entry.getFileName() + ".jar");
                    if (!Files.exists(target)) {
                        jarFolder(entry, target);
                    }
                    jars.add(target);
                } else if (entry.toString().endsWith(".jar")) {
                    String stamp = entry + "|" + Files.size(entry) + "|" + Files.getLastModifiedTime(entry).toMillis();
                    String key = Hashing.sha256(stamp.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
                    Path target = libDir.resolve(key + "-" + entry.getFileName());
                    if (!Files.exists(target)) {
                        Path tmp = Files.createTempFile(libDir, "copy", ".tmp");
                        Files.copy(entry, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                    jars.add(target);
                }
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the server runtime into " + libDir, e);
        }
    }

    private static String folderStamp(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder(dir.toString());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sb.append('|').append(dir.relativize(f)).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis());
            }
        }
        return sb.toString();
    }

    private static void jarFolder(Path dir, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "jar", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
