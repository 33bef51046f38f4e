package io.bulwark.console;

import io.bulwark.security.AdminAccount;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls Liberty Admin Center's REST API ({@code /ibm/api/adminCenter/v1/...}) of this server as the configured
 * admin ({@code ADMIN_USER} / {@code ADMIN_PASSWORD}, HTTP Basic). That API is served over HTTPS only, with the
 * certificate Liberty generated into the server's default keystore; the client trusts exactly the certificates
 * of that keystore ({@code console.admin-center.trust-store}, opened with {@code KEYSTORE_PASSWORD}), so the
 * admin's password goes to this server and nowhere else.
 */
@ApplicationScoped
public class AdminCenterClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "console.admin-center.url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "console.admin-center.trust-store")
    String trustStore;

    @Inject
    @ConfigProperty(name = "KEYSTORE_PASSWORD")
    Optional<String> trustStorePassword;

    @Inject
    AdminAccount admin;

    /** An answer of the API: its status and body. */
    public record Answer(int status, String body) {

        public Answer {
            body = body == null ? "" : body;
        }

        public boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    /** Whether there is an admin to act as; without one nobody can use Admin Center either. */
    public boolean hasAdmin() {
        return admin.configured();
    }

    public String adminUser() {
        return admin.user();
    }

    /**
     * GET {@code path} (beneath the server's root, for example {@code /ibm/api/adminCenter/v1/catalog}).
     *
     * @throws IOException when the server cannot be reached over TLS yet (its keystore not created, its HTTPS
     *                     port not open) or the connection broke
     */
    public Answer get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    /** POSTs {@code json} to {@code path}; fails like {@link #get(String)}. */
    public Answer post(String path, JsonObject json) throws IOException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString(), StandardCharsets.UTF_8))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        String credentials = Base64.getEncoder().encodeToString((admin.user() + ":" + admin.password()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + credentials);
    }

    private Answer send(HttpRequest request) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trustingThisServer())
                .executor(executor)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling Admin Center", e);
        }
    }

    /** Read at every call: Liberty creates the keystore on its first start, possibly after this application. */
    private SSLContext trustingThisServer() throws IOException {
        Path file = Path.of(trustStore);
        if (!Files.isReadable(file)) {
            throw new IOException("the server's keystore " + file + " does not exist (yet)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, trustStorePassword.orElse("").toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates of " + file + ": " + e.getMessage(), e);
        }
    }
}
