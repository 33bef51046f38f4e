package io.bulwark.testing.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through its chromedriver, both as the distribution installs them (Debian:
 * {@code apt-get install chromium chromium-driver}). Both paths are given to Selenium explicitly, so Selenium
 * Manager never runs and nothing is downloaded. Each browser gets a profile of its own, deleted on close.
 *
 * <p>{@code -Dbulwark.it.chromium=...} and {@code -Dbulwark.it.chromedriver=...} point elsewhere.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("bulwark.it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("bulwark.it.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why the browser cannot run here, or empty when Chromium and chromedriver are both installed. */
    public static Optional<String> missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of("Chromium is not installed at " + CHROMIUM);
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("chromedriver is not installed at " + CHROMEDRIVER);
        }
        return Optional.empty();
    }

    /**
     * Starts a browser with a fresh profile under {@code workDirectory}. It accepts any certificate: the servers
     * under test present the self-signed one Liberty generates, which no browser profile trusts.
     */
    public static Browser start(Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
            Path profile = Files.createTempDirectory(workDirectory, "chromium-profile-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--ignore-certificate-errors",
                            "--user-data-dir=" + profile, "--window-size=1400,1000");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile under " + workDirectory, e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the browser shows now as a PNG. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Saves a PNG of the window made {@code height} pixels tall, for pages that scroll inside a frame. */
    public Path tallScreenshot(Path file, int height) {
        Dimension size = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(size.getWidth(), height));
            // The page lays itself out again for the new size before it is captured.
            sleepQuietly(Duration.ofMillis(500));
            return screenshot(file);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    /** Saves a screenshot and the page source (of the frame switched to) beside each other, for a failed test. */
    public void saveEvidence(Path png) {
        try {
            screenshot(png);
            Files.writeString(Path.of(png.toString().replaceFirst("\\.png$", ".html")), driver.getPageSource());
        } catch (RuntimeException | IOException e) {
            // Evidence is best effort; the test's own failure is what matters.
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Chromium may still be writing to its profile as it exits; the directory is under target/.
        }
    }
}
