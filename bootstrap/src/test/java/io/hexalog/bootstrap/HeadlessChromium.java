package io.hexalog.bootstrap;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The Chromium installed on the machine (Debian's {@code chromium} and {@code chromium-driver}), driven headless
 * through Selenium. No browser or driver is ever downloaded: when they are missing the test fails saying how to
 * install them, unless {@code -Dhexalog.skipBrowserTests=true} is given to skip the browser tests on purpose.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String SKIP_PROPERTY = "hexalog.skipBrowserTests";
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final int MAX_SCREENSHOT_HEIGHT = 4000;

    private final ChromeDriver driver;
    private final Path screenshots;

    private HeadlessChromium(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Opens one browser session; screenshots go to {@code screenshots}. */
    static HeadlessChromium start(Path screenshots) throws IOException {
        assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "browser tests skipped with -D" + SKIP_PROPERTY + "=true");
        File browser = installed("hexalog.chromium", "/usr/bin/chromium");
        File chromedriver = installed("hexalog.chromedriver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser)
                // --no-sandbox: the build may run as root, where Chromium's sandbox refuses to start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1000", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        Files.createDirectories(screenshots);
        return new HeadlessChromium(new ChromeDriver(service, options), screenshots);
    }

    private static File installed(String property, String defaultPath) {
        File file = new File(System.getProperty(property, defaultPath));
        if (!file.canExecute()) {
            fail(file + " is missing. The console is tested in Debian's Chromium: install it with "
                    + "`apt-get install chromium chromium-driver` (as .ci/run does), point -D" + property
                    + " at another one, or skip the browser tests locally with -D" + SKIP_PROPERTY + "=true.");
        }
        return file;
    }

    void open(String url) {
        driver.get(url);
    }

    /** The element, once it is on the page and visible. */
    WebElement visible(String cssSelector) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
    }

    /** The element, once its text contains {@code text}. */
    WebElement withText(String cssSelector, String text) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(cssSelector), text));
        return driver.findElement(By.cssSelector(cssSelector));
    }

    /**
     * Waits until {@code condition} gives something other than null or false, for one step at most. An element
     * the page replaced while it was being read counts as not yet.
     */
    <T> T waitFor(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, STEP).ignoring(StaleElementReferenceException.class).until(condition);
    }

    void type(String cssSelector, String text) {
        WebElement input = visible(cssSelector);
        input.clear();
        input.sendKeys(text);
    }

    void click(String cssSelector) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(cssSelector))).click();
    }

    /** Writes the whole page as {@code <name>.png}, growing the window to its height for the picture. */
    Path screenshot(String name) throws IOException {
        Dimension window = driver.manage().window().getSize();
        Object pageHeight = driver.executeScript("return document.documentElement.scrollHeight");
        int height = Math.min(MAX_SCREENSHOT_HEIGHT, Math.max(window.getHeight(), ((Number) pageHeight).intValue()));
        driver.manage().window().setSize(new Dimension(window.getWidth(), height));
        Path file = screenshots.resolve(name + ".png");
        driver.executeScript("window.scrollTo(0, 0)");
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(window);
        }
        return file;
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
