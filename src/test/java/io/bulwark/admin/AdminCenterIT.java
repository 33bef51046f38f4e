package io.bulwark.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.frameToBeAvailableAndSwitchToIt;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.RequiresBrowser;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.Browser;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Liberty's Admin Center as an operator meets it: over HTTPS with the certificate the server generated, open
 * to the admin role only, showing the server's monitoring data (monitor-1.0) in its Explore tool.
 *
 * <p>The browser tests drive a headless Chromium and leave screenshots in {@code target/admin-center.png}
 * (the toolbox) and {@code target/admin-center-explore.png} (the server's Monitor view).
 */
@ExtendWith(ArquillianExtension.class)
class AdminCenterIT {

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final By USER_NAME = By.id("j_username");
    private static final By EXPLORE_TILE = By.cssSelector("img[alt='Explore']");
    private static final By MONITOR_TAB = By.cssSelector("[id$='SideTabStatsButton'][title='Monitor']");
    private static final By EDIT_CHARTS = By.cssSelector("[id$='showHideGraphsButton']");
    private static final By ADD_IN_USE_CONNECTIONS = By.id("addUsedConnGraphButton");
    private static final By DATA_SOURCE_CHOICES =
            By.cssSelector("[id^='widget_server'][id*='ManagedConnectionCount'] .dijitArrowButton");
    private static final By APPLICATION_DATA_SOURCE =
            By.xpath("//tr[@role='menuitemcheckbox'][normalize-space(@aria-label)='jdbc/bulwark']");
    private static final By IN_USE_CONNECTIONS_CHART =
            By.cssSelector(".statusGraph[id*='ManagedConnectionCount']");
    private static final By SAVE_CHARTS = By.cssSelector("[id$='ConfigureGraphsSaveButton']");

    private final TestCredentials credentials = TestEnvironment.get().credentials();
    private final String https = "https://localhost:" + System.getProperty("bulwark.it.httpsPort");
    private final String adminCenter = https + "/adminCenter/";
    private final Path build = Path.of(System.getProperty("bulwark.it.buildDirectory", "target"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void anonymousVisitorIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> page = getOverHttps(adminCenter, Optional.empty());
        assertEquals(302, page.statusCode(), page.body());
        assertEquals(adminCenter + "login.jsp", page.headers().firstValue("Location").orElse(""));
    }

    @Test
    void restConnectorUnderAdminCenterAnswersOnlyTheAdmin() throws Exception {
        String poolStats = https + "/IBMJMXConnectorREST/mbeans?objectName=WebSphere:type=ConnectionPoolStats,*";
        get(URI.create("http://localhost:" + System.getProperty("bulwark.it.httpPort") + "/health/ready"));

        assertEquals(401, getOverHttps(poolStats, Optional.empty()).statusCode());
        String wrongPassword = WebhookClient.basic(credentials.adminUser(), "wrong");
        assertEquals(401, getOverHttps(poolStats, Optional.of(wrongPassword)).statusCode());
        HttpResponse<String> admin = getOverHttps(poolStats,
                Optional.of(WebhookClient.basic(credentials.adminUser(), credentials.adminPassword())));
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains("name=jdbc/bulwark\""), "monitor-1.0 publishes the pool: " + admin.body());
    }

    @Test
    @RequiresBrowser
    void adminSeesTheToolboxAndTheServersMonitorData() throws Exception {
        // The application's pool has connections to show once a readiness probe went through it.
        get(URI.create("http://localhost:" + System.getProperty("bulwark.it.httpPort") + "/health/ready"));
        Path failure = build.resolve("admin-center-failure.png");
        Files.deleteIfExists(failure);
        try (Browser browser = Browser.start(build.resolve("it/browser"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
            try {
                logIn(driver, credentials.adminUser(), credentials.adminPassword());
                WebElement explore = awaitToolbox(driver, wait);
                assertTrue(bodyText(driver).contains("Server Config"), bodyText(driver));
                browser.screenshot(build.resolve("admin-center.png"));

                explore.click();
                openServerMonitor(wait);
                Matcher heap = waitForText(wait, By.tagName("body"),
                        Pattern.compile("Used Heap Memory[\\s\\S]*?Used: ([\\d.,]+) MB"));
                assertTrue(Double.parseDouble(heap.group(1).replace(",", "")) > 0, heap.group());

                addApplicationPoolChart(driver, wait);
                Matcher pool = waitForText(wait, IN_USE_CONNECTIONS_CHART,
                        Pattern.compile("In Use: (\\d+)\\s+Free: (\\d+)\\s+Created: (\\d+)"));
                assertTrue(Integer.parseInt(pool.group(3)) > 0, "the pool created connections: " + pool.group());
                ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
                browser.tallScreenshot(build.resolve("admin-center-explore.png"), 1500);
            } catch (RuntimeException | AssertionError e) {
                browser.saveEvidence(failure);
                throw e;
            }
        }
    }

    @Test
    @RequiresBrowser
    void wrongPasswordDoesNotOpenTheToolbox() {
        try (Browser browser = Browser.start(build.resolve("it/browser"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
            logIn(driver, credentials.adminUser(), "wrong-" + credentials.adminPassword());

            wait.until(urlContains("login-error"));
            assertTrue(bodyText(driver).contains("Login error"), bodyText(driver));
            driver.get(adminCenter);
            wait.until(visibilityOfElementLocated(USER_NAME));
            assertTrue(driver.getCurrentUrl().endsWith("/adminCenter/login.jsp"), driver.getCurrentUrl());
            assertTrue(driver.findElements(EXPLORE_TILE).isEmpty(), "no toolbox without the right password");
        }
    }

    private void logIn(WebDriver driver, String user, String password) {
        driver.get(adminCenter);
        new WebDriverWait(driver, PAGE_TIMEOUT).until(visibilityOfElementLocated(USER_NAME)).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.id("loginButton")).click();
    }

    /** The toolbox after login; returns the Explore tool's tile once its icon has loaded. */
    private static WebElement awaitToolbox(WebDriver driver, WebDriverWait wait) {
        WebElement explore = wait.until(visibilityOfElementLocated(EXPLORE_TILE));
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", explore)));
        return explore;
    }

    /** From the Explore tool's start, the server's Monitor view; the tool runs in a frame of the toolbox page. */
    private static void openServerMonitor(WebDriverWait wait) {
        wait.until(urlContains("#explore"));
        wait.until(frameToBeAvailableAndSwitchToIt("toolIFrame"));
        wait.until(elementToBeClickable(MONITOR_TAB)).click();
    }

    /** Adds the "In Use Connections" chart (monitor-1.0's ConnectionPoolStats) for jdbc/bulwark and saves. */
    private static void addApplicationPoolChart(WebDriver driver, WebDriverWait wait) {
        wait.until(elementToBeClickable(EDIT_CHARTS)).click();
        wait.until(elementToBeClickable(ADD_IN_USE_CONNECTIONS)).click();
        // Dojo renders a chart's controls only once the chart is scrolled into view.
        scrollIntoView(driver, wait.until(visibilityOfElementLocated(IN_USE_CONNECTIONS_CHART)));
        wait.until(elementToBeClickable(DATA_SOURCE_CHOICES)).click();
        wait.until(elementToBeClickable(APPLICATION_DATA_SOURCE)).click();
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        scrollIntoView(driver, driver.findElement(SAVE_CHARTS));
        wait.until(elementToBeClickable(SAVE_CHARTS)).click();
        scrollIntoView(driver, wait.until(visibilityOfElementLocated(IN_USE_CONNECTIONS_CHART)));
    }

    private static String bodyText(WebDriver driver) {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the element {@code where} shows text matching {@code pattern}, and returns the match. */
    private static Matcher waitForText(WebDriverWait wait, By where, Pattern pattern) {
        StringBuilder last = new StringBuilder();
        try {
            return wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                String text = driver.findElement(where).getText();
                last.replace(0, last.length(), text);
                Matcher matcher = pattern.matcher(text);
                return matcher.find() ? matcher : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no text matching " + pattern + " in: " + last, e);
        }
    }

    private static void scrollIntoView(WebDriver driver, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", element);
    }

    /** A GET over HTTPS that trusts only this run's server certificate and does not follow redirects. */
    private HttpResponse<String> getOverHttps(String url, Optional<String> authorization) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestEnvironment.get().managedServerTls())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void get(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
