package io.mlsteps.testing;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, installed by {@code .ci/install.sh}) opening a page as a person
 * would: one run gives the DOM it built and a screenshot, or prints the page to PDF. Tests that need it skip with the
 * reason where it is absent.
 */
public final class Chromium {
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    /** What the browser made of a page: the DOM after loading, and the first screen as an image. */
    public record Page(String dom, BufferedImage screenshot, Path png) {
        /** Distinct colours on the screenshot: a blank or failed page has very few. */
        public int colours() {
            Set<Integer> seen = new HashSet<>();
            for (int y = 0; y < screenshot.getHeight(); y += 2) {
                for (int x = 0; x < screenshot.getWidth(); x += 2) {
                    seen.add(screenshot.getRGB(x, y) & 0xffffff);
                }
            }
            return seen.size();
        }

        /** Pixels close to {@code rgb} in the band of rows [top, bottom) of the screenshot. */
        public int pixelsNear(int rgb, int top, int bottom) {
            int count = 0;
            for (int y = Math.max(0, top); y < Math.min(bottom, screenshot.getHeight()); y++) {
                for (int x = 0; x < screenshot.getWidth(); x++) {
                    if (close(screenshot.getRGB(x, y) & 0xffffff, rgb)) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    private Chromium() {
    }

    /** Skips the calling test, with the reason, where Chromium is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
                "skipped: headless Chromium is not installed at " + EXECUTABLE + " (.ci/install.sh installs it)");
    }

    /** Opens {@code page} in a fresh profile at the given window size; the screenshot is written to {@code png}. */
    public static Page open(Path page, int width, int height, Path png) throws IOException, InterruptedException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("mlsteps-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "--dump-dom", "--screenshot=" + png,
                    page.toUri().toString()));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s on " + page);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + " on " + page);
            }
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                throw new AssertionError("chromium wrote no readable screenshot of " + page + " to " + png);
            }
            return new Page(new String(out, StandardCharsets.UTF_8), image, png);
        } finally {
            deleteTree(profile);
        }
    }

    /**
     * Prints {@code page} to {@code pdf} as a person printing it would (print media, Chromium's {@code --print-to-pdf},
     * no header or footer) and returns the PDF's text, read with PDFBox.
     */
    public static String printToPdf(Path page, Path pdf) throws IOException, InterruptedException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("mlsteps-chromium-");
        try {
            List<String> command = List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                    page.toUri().toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not print " + page + " in 120 s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(pdf)) {
                throw new AssertionError("chromium exited with " + p.exitValue() + " and no PDF of " + page);
            }
            try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
                return new PDFTextStripper().getText(document);
            }
        } finally {
            deleteTree(profile);
        }
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 10) {
                return false;
            }
        }
        return true;
    }

    /** Best effort: a browser helper process may still be writing into its profile as it exits. */
    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException busy) {
                    // left for the system's temp cleaning
                }
            }
        } catch (IOException gone) {
            // nothing to delete
        }
    }
}
