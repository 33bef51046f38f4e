package io.bulwark.tools.send;

import io.bulwark.tools.signing.HmacSigner;
import io.bulwark.tools.signing.SigningScheme;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A command line, read: where to send, for which source, signed how, and what. Every setting of the source that
 * the command line leaves out comes from the environment variable the server reads it from, so a shell that
 * configures the server configures the sender too.
 *
 * @param target       {@code <url>/api/webhooks/<source>}; the url from {@code --url}, else {@code BULWARK_URL}, else
 *                     {@code http://localhost:<HTTP_PORT>}, the port the server takes from the same variable,
 *                     else {@value #DEFAULT_URL}
 * @param scheme       the source's scheme
 * @param secret       the secret that signs, the first of the configured ones; null for {@link SigningScheme#NONE}
 * @param secretOrigin where the secret came from ({@code --secret} or the variable's name), for messages
 * @param hmac         the {@code hmac} scheme's format; null for other schemes
 * @param file         the file to send, {@code -} for standard input; empty for the sample event
 * @param type         {@code --type}: the sample's type, and GitHub's {@code X-GitHub-Event}
 * @param id           {@code --id}: the delivery id
 * @param headers      {@code --header} lines, sent after the signature's headers
 */
record SendOptions(URI target, String source, SigningScheme scheme, String secret, String secretOrigin, HmacSigner.Format hmac,
                   Optional<String> file, Optional<String> type, Optional<String> id, Map<String, String> headers) {

    static final String DEFAULT_URL = "http://localhost:9080";

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> VALUED = List.of("--url", "--type", "--id", "--scheme", "--secret", "--header",
            "--hmac-header", "--hmac-algorithm", "--hmac-encoding", "--hmac-prefix", "--hmac-timestamp-header", "--hmac-id-header");

    /**
     * Reads the arguments (options as {@code --name value} or {@code --name=value}, anywhere on the line).
     *
     * @param environment the process's environment variables
     * @throws UsageException naming what is missing or wrong, and how to supply it
     */
    static SendOptions parse(List<String> arguments, UnaryOperator<String> environment) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("--") || argument.equals("-")) {
                positional.add(argument);
                continue;
            }
            int equals = argument.indexOf('=');
            String name = equals < 0 ? argument : argument.substring(0, equals);
            if (!VALUED.contains(name)) {
                throw new UsageException("unknown option " + name + " (see --help)");
            }
            String value;
            if (equals >= 0) {
                value = argument.substring(equals + 1);
            } else if (i + 1 < arguments.size()) {
                value = arguments.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (name.equals("--header")) {
                header(value, headers);
            } else if (options.put(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("which source? name it first, as in: java -jar bulwark-send.jar demo");
        }
        if (positional.size() > 2) {
            throw new UsageException("one source and at most one file, not " + String.join(" ", positional));
        }
        String source = positional.get(0);
        if (!SOURCE.matcher(source).matches()) {
            throw new UsageException("'" + source + "' is not a source name: 1 to 64 letters, digits, '-' or '_'");
        }
        SourceVariables variables = new SourceVariables(source);
        UnaryOperator<String> setting = name -> Optional.ofNullable(options.get(name))
                .or(() -> Optional.ofNullable(environment.apply(variables.of(name.substring(2).replaceFirst("^hmac-", "hmac.")))))
                .map(String::strip).filter(value -> !value.isEmpty()).orElse(null);

        SigningScheme scheme;
        try {
            scheme = SigningScheme.parse(Optional.ofNullable(setting.apply("--scheme")).orElse("standard"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String secretOrigin = options.containsKey("--secret") ? "--secret" : variables.of("secret");
        String secret = scheme == SigningScheme.NONE ? null : signingSecret(setting.apply("--secret"), secretOrigin, variables);
        HmacSigner.Format hmac = scheme == SigningScheme.HMAC ? hmacFormat(setting, variables) : null;
        Optional<String> file = positional.size() == 2 ? Optional.of(positional.get(1)) : Optional.empty();
        Optional<String> type = Optional.ofNullable(options.get("--type")).map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> id = Optional.ofNullable(options.get("--id")).map(String::strip).filter(value -> !value.isEmpty());
        if (file.isPresent() && type.isPresent() && scheme != SigningScheme.GITHUB) {
            throw new UsageException("--type names the sample's type (or GitHub's X-GitHub-Event); a file's event type is its own \"type\"");
        }
        if (file.isPresent() && id.isPresent() && !idInHeader(scheme, hmac)) {
            throw new UsageException("the " + scheme.name().toLowerCase(Locale.ROOT)
                    + " scheme takes the delivery id from the body's \"id\", so --id cannot change a file's");
        }
        String url = Optional.ofNullable(options.get("--url")).or(() -> Optional.ofNullable(environment.apply("BULWARK_URL")))
                .map(String::strip).filter(value -> !value.isEmpty())
                .or(() -> Optional.ofNullable(environment.apply("HTTP_PORT")).map(String::strip).filter(port -> !port.isEmpty())
                        .map(port -> "http://localhost:" + port))
                .orElse(DEFAULT_URL);
        return new SendOptions(target(url, source), source, scheme, secret,
                secretOrigin, hmac, file, type, id, headers);
    }

    /** Whether the scheme sends the delivery id in a header of its own, rather than reading the body's {@code id}. */
    static boolean idInHeader(SigningScheme scheme, HmacSigner.Format hmac) {
        return switch (scheme) {
            case STANDARD, GITHUB, NONE -> true;
            case STRIPE -> false;
            case HMAC -> hmac.idHeader().isPresent();
        };
    }

    private static String signingSecret(String configured, String origin, SourceVariables variables) throws UsageException {
        if (configured == null) {
            throw new UsageException("no secret: set " + variables.of("secret") + " (for the dev server: . .bulwark/dev.env)"
                    + " or pass --secret");
        }
        String first = configured.split("\\s+")[0];
        if (first.startsWith("whpk_")) {
            throw new UsageException(origin + " holds a whpk_ public key, which verifies but cannot sign: pass the sender's"
                    + " whsec_ secret with --secret");
        }
        return first;
    }

    private static HmacSigner.Format hmacFormat(UnaryOperator<String> setting, SourceVariables variables) throws UsageException {
        if (setting.apply("--hmac-header") == null) {
            throw new UsageException("the hmac scheme needs the header that carries the signature: set "
                    + variables.of("hmac.header") + " or pass --hmac-header");
        }
        try {
            return new HmacSigner.Format(setting.apply("--hmac-header"),
                    Optional.ofNullable(setting.apply("--hmac-algorithm")).orElse("sha256"),
                    Optional.ofNullable(setting.apply("--hmac-encoding")).orElse("hex"),
                    Optional.ofNullable(setting.apply("--hmac-prefix")).orElse(""),
                    Optional.ofNullable(setting.apply("--hmac-timestamp-header")),
                    Optional.ofNullable(setting.apply("--hmac-id-header")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void header(String line, Map<String, String> headers) throws UsageException {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip();
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new UsageException("--header takes name:value, not '" + line + "'");
        }
        headers.put(name, line.substring(colon + 1).strip());
    }

    private static URI target(String url, String source) throws UsageException {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = URI.create(base + "/api/webhooks/" + source);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url (or BULWARK_URL) '" + url + "' is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new UsageException("--url (or BULWARK_URL) must be the http(s) address of a Bulwark server, such as " + DEFAULT_URL
                    + ", not '" + url + "'");
        }
        return uri;
    }
}
