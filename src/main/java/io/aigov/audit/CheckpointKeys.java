package io.aigov.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.shared.Sha256;

/**
 * Ed25519 keys for checkpoints, in PEM: the private key as PKCS#8 ("PRIVATE KEY", what
 * {@code openssl genpkey -algorithm ed25519} writes) and the public key as X.509
 * ("PUBLIC KEY", what {@code openssl pkey -pubout} writes). The JDK cannot derive an Ed25519
 * public key from the private one, so a key file holds both blocks.
 */
public final class CheckpointKeys {

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private CheckpointKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
        }
    }

    /**
     * Reads a key file with a PRIVATE KEY and a PUBLIC KEY block and checks that they belong together.
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    public static KeyPair readKeyPair(String pem) {
        byte[] privateKey = block(pem, "PRIVATE KEY");
        if (privateKey == null) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block (PKCS#8, as openssl genpkey -algorithm ed25519 writes)");
        }
        if (block(pem, "PUBLIC KEY") == null) {
            throw new IllegalArgumentException("no '-----BEGIN PUBLIC KEY-----' block: append it with openssl pkey -in <file> -pubout");
        }
        KeyPair pair;
        try {
            pair = new KeyPair(readPublicKey(pem), KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the PRIVATE KEY block is not an Ed25519 key: " + e.getMessage());
        }
        String probe = "aigov key check";
        if (!holds(probe, sign(probe, pair.getPrivate()), pair.getPublic())) {
            throw new IllegalArgumentException("the PUBLIC KEY block does not belong to the PRIVATE KEY block");
        }
        return pair;
    }

    /** @throws IllegalArgumentException when the text holds no Ed25519 PUBLIC KEY block */
    public static PublicKey readPublicKey(String pem) {
        byte[] encoded = block(pem, "PUBLIC KEY");
        if (encoded == null) {
            throw new IllegalArgumentException("no '-----BEGIN PUBLIC KEY-----' block");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the PUBLIC KEY block is not an Ed25519 key: " + e.getMessage());
        }
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** The first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    public static Checkpoint sign(AuditChain.Head head, Instant signedAt, KeyPair key) {
        String text = Checkpoint.signedText(head.seq(), head.hash(), signedAt);
        return new Checkpoint(head.seq(), head.hash(), signedAt, keyId(key.getPublic()), sign(text, key.getPrivate()));
    }

    /** Whether the checkpoint was signed, as it reads, by the holder of this public key. */
    public static boolean signatureHolds(Checkpoint checkpoint, PublicKey key) {
        return keyId(key).equals(checkpoint.keyId()) && holds(checkpoint.signedText(), checkpoint.signature(), key);
    }

    /**
     * Signs a dossier's manifest: the SHA-256 of its bytes after a prefix that no checkpoint's signed
     * text (a JSON object) begins with, so that neither signature can pass for the other.
     */
    public static String signManifest(byte[] manifest, KeyPair key) {
        return sign(manifestText(manifest), key.getPrivate());
    }

    /** Whether the manifest's signature holds for this public key. */
    public static boolean manifestSignatureHolds(byte[] manifest, String signature, PublicKey key) {
        return holds(manifestText(manifest), signature, key);
    }

    private static String manifestText(byte[] manifest) {
        return "aigov dossier manifest sha256:" + Sha256.hex(manifest);
    }

    private static String sign(String text, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with Ed25519 failed", e);
        }
    }

    private static boolean holds(String text, String signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
        }
    }

    private static byte[] block(String pem, String type) {
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            if (block.group(1).equals(type)) {
                try {
                    return Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the " + type + " block is not valid base64");
                }
            }
        }
        return null;
    }

    private static String pem(String type, byte[] encoded) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded)
                + "\n-----END " + type + "-----\n";
    }
}
