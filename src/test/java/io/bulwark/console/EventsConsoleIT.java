package io.bulwark.console;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.RequiresBrowser;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.Browser;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The events console as an Admin Center user meets it: a tool in the toolbox, which opens a page that finds
 * events by the API's filters, shows one with its payload and history and replays it; served to the admin
 * only, over HTTPS, and not to be driven by a page of another site.
 *
 * <p>The browser test leaves {@code target/events-console.png} behind.
 */
@ExtendWith(ArquillianExtension.class)
class EventsConsoleIT {

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOOL_NAME = "Bulwark events";

    private final WebhookClient client = new WebhookClient();
    private final TestCredentials credentials = TestEnvironment.get().credentials();
    private final String https = "https://localhost:" + System.getProperty("bulwark.it.httpsPort");
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Path build = Path.of(System.getProperty("bulwark.it.buildDirectory", "target"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void consoleIsServedToTheAdminOnlyAndOverHttps() throws Exception {
        HttpClient tls = httpsClient(null);

        assertEquals(401, tls.send(get(https + "/console/index.html").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> wrong = tls.send(get(https + "/console/index.html")
                .header("Authorization", WebhookClient.basic(credentials.adminUser(), "wrong")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> page = tls.send(get(https + "/console/index.html").header("Authorization", admin()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<h1>Bulwark events</h1>"), page.body());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'self'"), policy);

        HttpResponse<String> plain = client.request("GET", "/console/index.html", admin());
        assertEquals(302, plain.statusCode(), "over HTTP the console redirects to HTTPS");
        assertTrue(plain.headers().firstValue("Location").orElse("").startsWith(https + "/console/"),
                plain.headers().map().toString());
    }

    @Test
    void consoleIsOnceInTheAdminsToolbox() throws Exception {
        JsonObject tool = awaitInToolbox();

        assertEquals(TOOL_NAME, tool.getString("name"));
        assertEquals("/console/tool-icon.svg", tool.getString("icon"));
        JsonObject toolbox = adminCenter(ToolboxPlacement.TOOLBOX).asJsonObject();
        long bookmarks = toolbox.getJsonArray("bookmarks").getValuesAs(JsonObject.class).stream()
                .filter(bookmark -> "/console/".equals(bookmark.getString("url", ""))).count();
        assertEquals(1, bookmarks, "the console is in the toolbox once: " + toolbox);
    }

    @Test
    void adminSessionCookieChangesNothingWithoutTheConsolesHeader() throws Exception {
        String processed = processedEvent();
        CookieManager cookies = new CookieManager();
        HttpClient session = httpsClient(cookies);
        // The login form carries the CSRF token Admin Center set as a cookie with the login page.
        assertEquals(200, session.send(get(https + "/adminCenter/login.jsp").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        String csrfToken = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("csrfToken")).findFirst().orElseThrow().getValue();
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(URI.create(https + "/adminCenter/j_security_check"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=" + encode(credentials.adminUser())
                        + "&j_password=" + encode(credentials.adminPassword()) + "&X-CSRF-Token=" + encode(csrfToken)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());
        assertTrue(cookies.getCookieStore().getCookies().stream().anyMatch(cookie -> cookie.getName().startsWith("LtpaToken")),
                cookies.getCookieStore().getCookies().toString());

        HttpResponse<String> read = session.send(get(https + "/api/webhooks/" + processed).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), "the Admin Center session reads the API: " + read.body());

        HttpResponse<String> bare = session.send(replay(processed).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("X-Requested-By"), bare.body());
        assertEquals("application/problem+json", bare.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> fromConsole = session.send(replay(processed).header("X-Requested-By", "bulwark-console").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, fromConsole.statusCode(), "reaches the API, which refuses to replay a PROCESSED event: " + fromConsole.body());
    }

    @Test
    void pageOfAnotherSiteCannotReplayEvenWithTheAdminsPassword() throws Exception {
        String processed = processedEvent();
        HttpClient tls = httpsClient(null);

        HttpResponse<String> crossSite = tls.send(replay(processed).header("Authorization", admin())
                .header("Sec-Fetch-Site", "cross-site").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode(), crossSite.body());

        HttpResponse<String> otherOrigin = tls.send(replay(processed).header("Authorization", admin())
                .header("Origin", "https://attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, otherOrigin.statusCode(), otherOrigin.body());

        HttpResponse<String> sameOrigin = tls.send(replay(processed).header("Authorization", admin())
                .header("Origin", https).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(409, sameOrigin.statusCode(), sameOrigin.body());
        assertEquals(409, client.admin("POST", "/api/webhooks/" + processed + "/replay").statusCode(),
                "a client outside a browser is not affected");
        assertEquals("PROCESSED", object(client.admin("GET", "/api/webhooks/" + processed)).getString("status"));
    }

    @Test
    @RequiresBrowser
    void adminOpensTheConsoleFromTheToolboxFindsAFailedEventAndReplaysIt() throws Exception {
        String account = "acc_console_" + run;
        String delivery = "evt_console_usd_" + run;
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        client.sendStandard("evt_console_acc_" + run, Events.account("account.created", "evt_console_acc_" + run, start, account,
                "active", "EUR", "0.00"));
        HttpResponse<String> failing = client.sendStandard(delivery, Events.transaction("transaction.created", delivery,
                start.plusSeconds(10), "tx_console_" + run, account, "12.34", "USD", "booked"));
        assertEquals("FAILED", object(failing).getString("status"), failing.body());
        awaitInToolbox();

        Path failure = build.resolve("events-console-failure.png");
        Files.deleteIfExists(failure);
        try (Browser browser = Browser.start(build.resolve("it/browser"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
            try {
                openConsoleFromToolbox(driver, wait);
                By openButton = searchFailed(driver, wait, delivery);
                List<WebElement> rows = driver.findElements(By.cssSelector("#results tbody tr"));
                assertEquals(1, rows.size(), "only the FAILED delivery matches: " + driver.findElement(By.id("results")).getText());
                assertTrue(rows.get(0).getText().contains("FAILED"), rows.get(0).getText());

                driver.findElement(openButton).click();
                wait.until(textToBePresentInElementLocated(By.id("event-payload"), "tx_console_" + run));
                assertEquals("FAILED", driver.findElement(By.id("event-status")).getText());
                assertTrue(driver.findElement(By.id("event-fields")).getText().contains("CurrencyMismatch"),
                        driver.findElement(By.id("event-fields")).getText());
                assertFalse(driver.findElements(By.cssSelector("#event-history tbody tr")).isEmpty(), "the event has a history");

                // The ledger now allows the transaction, as an operator would have fixed it before replaying.
                client.sendStandard("evt_console_acc2_" + run, Events.account("account.updated", "evt_console_acc2_" + run,
                        start.plusSeconds(20), account, "active", "USD", "0.00"));
                wait.until(elementToBeClickable(By.id("replay-event"))).click();

                wait.until(textToBePresentInElementLocated(By.id("event-status"), "PROCESSED"));
                assertTrue(driver.findElement(By.id("status")).getText().contains("PROCESSED"), driver.findElement(By.id("status")).getText());
                assertTrue(driver.findElement(By.id("replay-event")).getAttribute("disabled") != null, "a PROCESSED event is not replayed again");
                assertEquals("PROCESSED", object(client.admin("GET", "/api/webhooks/" + object(failing).getString("webhookId")))
                        .getString("status"));
                new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("Any");
                driver.findElement(By.id("search-button")).click();
                wait.until(textToBePresentInElementLocated(By.cssSelector("#results tbody"), "PROCESSED"));
                ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
                browser.tallScreenshot(build.resolve("events-console.png"), 2400);
            } catch (RuntimeException | AssertionError e) {
                browser.saveEvidence(failure);
                throw e;
            }
        }
    }

    @Test
    @RequiresBrowser
    void adminStartsABulkReplayAndWatchesItFinish() throws Exception {
        String account = "acc_bulk_" + run;
        String delivery = "evt_bulk_usd_" + run;
        Instant start = Instant.parse("2026-11-29T11:00:00Z");
        client.sendStandard("evt_bulk_acc_" + run, Events.account("account.created", "evt_bulk_acc_" + run, start, account,
                "active", "EUR", "0.00"));
        HttpResponse<String> failing = client.sendStandard(delivery, Events.transaction("transaction.created", delivery,
                start.plusSeconds(10), "tx_bulk_" + run, account, "5.00", "USD", "booked"));
        String webhookId = object(failing).getString("webhookId");
        client.sendStandard("evt_bulk_acc2_" + run, Events.account("account.updated", "evt_bulk_acc2_" + run,
                start.plusSeconds(20), account, "active", "USD", "0.00"));
        awaitInToolbox();

        Path failure = build.resolve("events-console-bulk-failure.png");
        Files.deleteIfExists(failure);
        try (Browser browser = Browser.start(build.resolve("it/browser"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
            try {
                openConsoleFromToolbox(driver, wait);
                searchFailed(driver, wait, delivery);

                driver.findElement(By.id("bulk-start")).click();
                Alert confirmation = wait.until(alertIsPresent());
                assertTrue(confirmation.getText().contains("deliveryId=" + delivery), confirmation.getText());
                confirmation.accept();

                wait.until(textToBePresentInElementLocated(By.id("job-state"), "DONE"));
                String job = driver.findElement(By.id("job-fields")).getText();
                assertTrue(job.contains("Selected\n1") && job.contains("Processed\n1"), job);
                assertTrue(driver.findElement(By.id("bulk-cancel")).getAttribute("hidden") != null, "a finished job cannot be cancelled");
                wait.until(textToBePresentInElementLocated(By.id("jobs"), "DONE"));
                assertEquals("PROCESSED", object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("status"));
            } catch (RuntimeException | AssertionError e) {
                browser.saveEvidence(failure);
                throw e;
            }
        }
    }

    /** Logs in to Admin Center and opens the console by its tool in the toolbox. */
    private void openConsoleFromToolbox(WebDriver driver, WebDriverWait wait) {
        driver.get(https + "/adminCenter/");
        wait.until(visibilityOfElementLocated(By.id("j_username"))).sendKeys(credentials.adminUser());
        driver.findElement(By.id("j_password")).sendKeys(credentials.adminPassword());
        driver.findElement(By.id("loginButton")).click();
        wait.until(visibilityOfElementLocated(By.cssSelector("img[alt='" + TOOL_NAME + "']"))).click();
        wait.until(urlContains("/console/"));
    }

    /** Searches the console for the FAILED event of {@code delivery}; returns the button that opens it. */
    private static By searchFailed(WebDriver driver, WebDriverWait wait, String delivery) {
        wait.until(visibilityOfElementLocated(By.id("f-deliveryId"))).sendKeys(delivery);
        new Select(driver.findElement(By.id("f-status"))).selectByVisibleText("FAILED");
        driver.findElement(By.id("search-button")).click();
        By openButton = By.cssSelector("#results tbody button[aria-label='Open event " + delivery + "']");
        // The unfiltered list shown on opening holds the same button: wait for the filtered one to replace it.
        By rows = By.cssSelector("#results tbody tr");
        wait.withMessage(() -> "only the FAILED delivery matches: " + driver.findElement(By.id("results")).getText())
                .until(page -> page.findElements(rows).size() == 1 && !page.findElements(openButton).isEmpty());
        wait.until(elementToBeClickable(openButton));
        return openButton;
    }

    /** Waits for the start of the application to have put the console into the admin's toolbox; returns its bookmark. */
    private JsonObject awaitInToolbox() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            JsonObject toolbox = adminCenter(ToolboxPlacement.TOOLBOX).asJsonObject();
            last = toolbox.toString();
            for (JsonObject bookmark : toolbox.getJsonArray("bookmarks").getValuesAs(JsonObject.class)) {
                if ("/console/".equals(bookmark.getString("url", ""))) {
                    return bookmark;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the console is not in the admin's Admin Center toolbox: " + last);
    }

    /** What Admin Center's REST API answers the admin at {@code path}. */
    private JsonValue adminCenter(String path) throws Exception {
        HttpResponse<String> answer = httpsClient(null).send(get(https + path).header("Authorization", admin()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
            return reader.readValue();
        }
    }

    private String processedEvent() {
        String delivery = "evt_console_ok_" + run;
        HttpResponse<String> response = client.sendStandard(delivery, Events.account("account.updated", delivery, Instant.now(),
                "acc_console_ok_" + run, "active", "EUR", "1.00"));
        assertEquals("PROCESSED", object(response).getString("status"), response.body());
        return object(response).getString("webhookId");
    }

    private HttpRequest.Builder replay(String webhookId) {
        return HttpRequest.newBuilder(URI.create(https + "/api/webhooks/" + webhookId + "/replay"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    /** HTTPS trusting only this run's server certificate, not following redirects, with cookies when given a store. */
    private static HttpClient httpsClient(CookieManager cookies) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .sslContext(TestEnvironment.get().managedServerTls())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30));
        if (cookies != null) {
            builder.cookieHandler(cookies);
        }
        return builder.build();
    }

    private String admin() {
        return WebhookClient.basic(credentials.adminUser(), credentials.adminPassword());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
