package io.bufferhub.hub.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private final SecretHasher hasher = new SecretHasher(2000);

    @Test
    void verifiesOnlyTheRightSecretAndSaltsEachHash() {
        String h1 = hasher.hash("s3cret");
        String h2 = hasher.hash("s3cret");
        assertNotEquals(h1, h2, "salted");
        assertFalse(h1.contains("s3cret"));
        assertTrue(h1.startsWith("pbkdf2-sha256$2000$"));
        assertTrue(hasher.verify("s3cret", h1));
        assertFalse(hasher.verify("s3cres", h1));
        assertFalse(hasher.verify("s3cret", "garbage"));
        assertFalse(hasher.verify("s3cret", null));
    }
}
