package org.inocds.browser;

import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium for a test class ({@code @RegisterExtension static final BrowserSession BROWSER = …}), and,
 * when asked, a folder served on loopback beside it. Started once before the class and quit after it; when the
 * browser or a required file is missing, every test of the class is reported skipped with the reason.
 */
final class BrowserSession implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final int width;
    private final int height;
    private Optional<Path> served = Optional.empty();
    private Optional<Path> required = Optional.empty();
    private String[] arguments = {};
    private String missing;
    private ChromeDriver driver;
    private HttpServer server;

    private BrowserSession(int width, int height) {
        this.width = width;
        this.height = height;
    }

    static BrowserSession of(int width, int height) {
        return new BrowserSession(width, height);
    }

    /** Serves this folder (a single-page app) on loopback; the tests are skipped when it has no index.html. */
    BrowserSession serving(Path folder) {
        served = Optional.of(folder);
        return this;
    }

    /** Further Chromium switches for this session. */
    BrowserSession withArguments(String... switches) {
        arguments = switches.clone();
        return this;
    }

    /** A file the tests need; they are skipped when it is absent. */
    BrowserSession requiring(Path file) {
        required = Optional.of(file);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<Path> absent = served.map(f -> f.resolve("index.html")).filter(f -> !Files.exists(f))
                .or(() -> required.filter(f -> !Files.exists(f)));
        missing = absent.isPresent()
                ? "SKIPPED: " + absent.get().toAbsolutePath() + " is not there (set INOCDS_CDS_HOOKS_SANDBOX or "
                        + "-Dinocds.cds-hooks-sandbox to the folder with the public CDS Hooks sandbox's build/ and jwks-public.json)"
                : Browser.missing();
        if (missing != null) {
            return;
        }
        if (served.isPresent()) {
            server = StaticFiles.serve(served.get());
        }
        driver = Browser.start(width, height, arguments);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The port of the served folder. */
    int servedPort() {
        return server.getAddress().getPort();
    }
}
