package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

    private static final byte[] CONTENT = "{\"id\":\"evt_1\"}".getBytes(UTF_8);

    @ParameterizedTest
    @ValueSource(ints = {24, 32, 64})
    void acceptsAStandardKeyOfARecommendedLengthWithOrWithoutItsPrefix(int length) {
        String encoded = base64(key(length));

        assertTrue(signs(SigningKeys.of(SignatureScheme.STANDARD, "whsec_" + encoded), key(length)));
        assertTrue(signs(SigningKeys.of(SignatureScheme.STANDARD, encoded), key(length)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 23, 65, 128})
    void refusesAStandardKeyOfAnotherLength(int length) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, "whsec_" + base64(key(length))));

        assertEquals("the secret decodes to " + length + " bytes; a key has 24 to 64", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_not*base64", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "whsec_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-",
            "whsec:MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw==="})
    void refusesAStandardSecretThatIsNotTheBase64OfAKeyWithoutShowingIt(String secret) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, secret));

        assertFalse(refused.getMessage().contains(secret.substring(Math.min(secret.length(), 6))), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"STANDARD", "STRIPE", "GITHUB", "HMAC"})
    void refusesAMissingOrBlankSecretForEverySignedScheme(SignatureScheme scheme) {
        for (String blank : new String[] {null, "", " ", "\t\n"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SigningKeys.of(scheme, blank));
            assertEquals("it is blank", refused.getMessage());
        }
    }

    @Test
    void anUnsignedSourceHasNoKeysWhateverItsSecret() {
        assertSame(SigningKeys.NONE, SigningKeys.of(SignatureScheme.NONE, null));
        assertSame(SigningKeys.NONE, SigningKeys.of(SignatureScheme.NONE, "left over"));
        assertFalse(SigningKeys.NONE.signedAny(key -> HmacAlgorithm.SHA256.compute(key, CONTENT), List.of(new byte[32])));
    }

    @Test
    void readsEverySecretOfARotationWhateverWhitespaceSeparatesThem() {
        SigningKeys keys = SigningKeys.of(SignatureScheme.STANDARD,
                "\n whsec_" + base64(key(24)) + " \t " + base64(key(32)) + "\r\nwhsec_" + base64(key(64)) + "\n");

        assertTrue(signs(keys, key(24)));
        assertTrue(signs(keys, key(32)));
        assertTrue(signs(keys, key(64)));
        assertFalse(signs(keys, key(40)));
    }

    @Test
    void namesWhichSecretOfARotationCannotBeUsed() {
        String good = "whsec_" + base64(key(32));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, good + " " + good + " whsec_" + base64(key(8))));

        assertEquals("secret 3 of 3 decodes to 8 bytes; a key has 24 to 64", refused.getMessage());
    }

    @Test
    void usesStripeGithubAndHmacSecretsAsTheirBytes() {
        assertTrue(signs(SigningKeys.of(SignatureScheme.STRIPE, "whsec_abc"), "whsec_abc".getBytes(UTF_8)));
        assertTrue(signs(SigningKeys.of(SignatureScheme.HMAC, "whpk_abc shpss_ü"), "whpk_abc".getBytes(UTF_8)));
        assertTrue(signs(SigningKeys.of(SignatureScheme.HMAC, "whpk_abc shpss_ü"), "shpss_ü".getBytes(UTF_8)));
        assertFalse(signs(SigningKeys.of(SignatureScheme.HMAC, "whpk_abc shpss_ü"), "whpk_abc shpss_ü".getBytes(UTF_8)));
        assertTrue(signs(SigningKeys.of(SignatureScheme.GITHUB, "not base64 at all: ü"), "ü".getBytes(UTF_8)));
        assertTrue(signs(SigningKeys.of(SignatureScheme.GITHUB, " not base64 at all: ü\n"), "not base64 at all: ü".getBytes(UTF_8)));
        assertFalse(signs(SigningKeys.of(SignatureScheme.STRIPE, "whsec_a whsec_b"), "whsec_a whsec_b".getBytes(UTF_8)));
    }

    @Test
    void takesAStandardPublicKeyBesideHmacKeys() {
        KeyPair pair = ReferenceEd25519.generate();
        byte[] signature = ReferenceEd25519.sign(pair.getPrivate(), new byte[0], CONTENT);
        SigningKeys keys = SigningKeys.of(SignatureScheme.STANDARD, "whsec_" + base64(key(32)) + " " + ReferenceEd25519.whpk(pair.getPublic()));

        assertTrue(keys.verifiedAny(List.of(signature), CONTENT));
        assertTrue(signs(keys, key(32)));
        assertFalse(keys.verifiedAny(List.of(signature), "{\"id\":\"evt_2\"}".getBytes(UTF_8)));
        assertFalse(SigningKeys.of(SignatureScheme.STANDARD, "whsec_" + base64(key(32))).verifiedAny(List.of(signature), CONTENT));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void refusesAPublicKeyOfAnotherLength(int length) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, "whpk_" + base64(key(length))));

        assertEquals("the secret decodes to " + length + " bytes; an Ed25519 public key has 32", refused.getMessage());
    }

    @Test
    void refusesAPublicKeyThatIsNotBase64OrNotAPointOfTheCurve() {
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);

        assertEquals("secret 2 of 2 is not base64 (after its whpk_ prefix)", assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, "whsec_" + base64(key(32)) + " whpk_not*base64")).getMessage());
        assertEquals("the secret is not an Ed25519 public key: its 32 bytes are not a point of the curve", assertThrows(
                IllegalStateException.class, () -> SigningKeys.of(SignatureScheme.STANDARD, "whpk_" + base64(notAPoint))).getMessage());
    }

    @Test
    void refusesAPrivateKeyWithoutShowingIt() {
        String privateKey = "whsk_" + base64(key(32));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SigningKeys.of(SignatureScheme.STANDARD, privateKey));

        assertEquals("the secret is a whsk_ private key, which only the sender may hold: configure its whpk_ public key instead",
                refused.getMessage());
    }

    private static boolean signs(SigningKeys keys, byte[] key) {
        return keys.signedAny(candidate -> HmacAlgorithm.SHA256.compute(candidate, CONTENT),
                List.of(HmacAlgorithm.SHA256.compute(key, CONTENT)));
    }

    private static byte[] key(int length) {
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (length * 31 + i);
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
