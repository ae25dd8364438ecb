package org.inocds.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Selenium through Debian's chromium-driver. Only loopback is reachable: every
 * other host name fails to resolve inside the browser, and background networking is off. The driver is named
 * explicitly, so Selenium Manager (which would download one) never runs. Absent browser → the test is skipped, saying so.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /**
     * The public CDS Hooks sandbox, built (github cds-hooks/sandbox: its production build in {@code build/} and the public
     * half of its signing key in {@code jwks-public.json}), named by {@code -Dinocds.cds-hooks-sandbox} or the
     * environment variable {@code INOCDS_CDS_HOOKS_SANDBOX} (.ci/run sets it); without either the tests that need it are
     * skipped, saying so.
     */
    static final Path SANDBOX = Path.of(System.getProperty("inocds.cds-hooks-sandbox",
            java.util.Objects.requireNonNullElse(System.getenv("INOCDS_CDS_HOOKS_SANDBOX"), "cds-hooks-sandbox-not-configured")));

    private Browser() {}

    /** Why no browser can be started here, or null when one can. */
    static String missing() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) ? null
                : "SKIPPED: Debian chromium and chromium-driver are not installed (.ci/run installs them: apt-get install chromium chromium-driver fonts-noto-cjk)";
    }

    /** @param extra further Chromium switches (e.g. the one certificate a test's https server may present) */
    static ChromeDriver start(int width, int height, String... extra) {
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--window-size=" + width + "," + height, "--lang=en-US");
        options.addArguments(extra);
        var logging = new org.openqa.selenium.logging.LoggingPreferences();
        logging.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }
}
