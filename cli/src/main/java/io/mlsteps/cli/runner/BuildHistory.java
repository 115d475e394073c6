package io.mlsteps.cli.runner;

import io.mlsteps.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local build history: {@code <runDir>/builds/N/} with {@code build.json}, {@code log.txt}, the ML
 * steps' folders and archived artifacts. Numbers are taken by creating the folder, so two runs started at
 * once get different numbers.
 */
public final class BuildHistory {
    public static final String BUILD_FILE = "build.json";
    public static final String LOG_FILE = "log.txt";

    private final Path buildsDir;

    public BuildHistory(Path runDir) {
        this.buildsDir = runDir.resolve("builds");
    }

    public Path buildsDir() {
        return buildsDir;
    }

    public Path dir(int number) {
        return buildsDir.resolve(Integer.toString(number));
    }

    /** Creates the folder of the next build and returns its number. */
    public int allocate() {
        try {
            Files.createDirectories(buildsDir);
            int next = numbers().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            while (true) {
                try {
                    Files.createDirectory(dir(next));
                    return next;
                } catch (FileAlreadyExistsException e) {
                    next++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a build folder in " + buildsDir, e);
        }
    }

    /** Build numbers present, ascending. */
    public List<Integer> numbers() {
        List<Integer> numbers = new ArrayList<>();
        if (!Files.isDirectory(buildsDir)) {
            return numbers;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(buildsDir)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && name.matches("[0-9]{1,9}")) {
                    numbers.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        numbers.sort(Comparator.naturalOrder());
        return numbers;
    }

    /** The finished builds (those with a build.json), ascending by number. */
    public List<BuildRecord> records() {
        List<BuildRecord> records = new ArrayList<>();
        for (int n : numbers()) {
            load(n).ifPresent(records::add);
        }
        return records;
    }

    private static boolean sameJob(BuildRecord r, String jenkinsfile) {
        return jenkinsfile == null || jenkinsfile.equals(r.jenkinsfile);
    }

    public Optional<BuildRecord> load(int number) {
        Path file = dir(number).resolve(BUILD_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.read(file, BuildRecord.class));
    }

    public void save(BuildRecord record) {
        Json.write(dir(record.number).resolve(BUILD_FILE), record);
    }

    /**
     * The newest finished build before {@code number} of the same Jenkinsfile (null: of any): each Jenkinsfile
     * is its own job, as in Jenkins, while the builds share one numbering and one report.
     */
    public Optional<BuildRecord> previous(int number, String jenkinsfile) {
        BuildRecord found = null;
        for (BuildRecord r : records()) {
            if (r.number < number && sameJob(r, jenkinsfile)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The newest build before {@code number} that ended SUCCESS or UNSTABLE: Jenkins' "last successful build"
     * (its "last stable build" would be SUCCESS only).
     */
    public Optional<BuildRecord> lastSuccessful(int number, String jenkinsfile) {
        List<BuildRecord> found = successfulBefore(number, jenkinsfile);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Builds of the same Jenkinsfile before {@code number} that ended SUCCESS or UNSTABLE, newest first. */
    public List<BuildRecord> successfulBefore(int number, String jenkinsfile) {
        List<BuildRecord> found = new ArrayList<>();
        for (BuildRecord r : records()) {
            if (r.number < number && sameJob(r, jenkinsfile)
                    && ("SUCCESS".equals(r.result) || "UNSTABLE".equals(r.result))) {
                found.add(0, r);
            }
        }
        return found;
    }
}
