package io.aigov.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver: nothing is downloaded. Each
 * browser has a fresh profile, so no cookie or cache leaks from one test to the next.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;
    private final Path downloads;

    Browser(String base, int width, int height) {
        requireInstalled(CHROMIUM, CHROMEDRIVER);
        try {
            profile = Files.createTempDirectory("chromium-profile");
            downloads = Files.createTempDirectory("chromium-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        this.driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * Fails, on a machine without them, with a first line that names the Debian packages missing and
     * the command that installs them: that line is what a test report shows of each browser test.
     */
    static void requireInstalled(Path chromium, Path chromedriver) {
        Map<String, Path> missing = new LinkedHashMap<>();
        if (!Files.isExecutable(chromium)) {
            missing.put("chromium", chromium);
        }
        if (!Files.isExecutable(chromedriver)) {
            missing.put("chromium-driver", chromedriver);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Debian package" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing.keySet())
                    + (missing.size() > 1 ? " are" : " is") + " missing (no "
                    + missing.values().stream().map(Path::toString).collect(Collectors.joining(", no "))
                    + "): apt-get install chromium chromium-driver");
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void signIn(String username, String password) {
        open("/signin");
        field("username").sendKeys(username);
        field("password").sendKeys(password);
        clickThrough(driver.findElement(By.cssSelector("form[action='/signin/check'] button[type=submit]")));
        waitFor(By.cssSelector("main h1"));
    }

    /**
     * Clicks a link or a form's button and waits until the next page has replaced this one, so that
     * what the test looks for next is not found on the page it is leaving.
     */
    void clickThrough(WebElement element) {
        // Marks this document rather than holding one of its elements: Chromium's driver reports an
        // element of a replaced document as an unknown error, not as stale.
        driver.executeScript("window.leavingThisPage = true;");
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
                driver.executeScript("return window.leavingThisPage !== true && document.readyState === 'complete';")));
    }

    WebElement field(String id) {
        return driver.findElement(By.id(id));
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    <T> T waitUntil(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** A file the browser downloaded, once it is complete. */
    Path downloaded(String name) {
        Path file = downloads.resolve(name);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Files.exists(file)
                && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    /** A picture of the page as the tester saw it, for a reviewer: target/screenshots/<name>.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile harms nothing.
        }
    }
}
