package org.inocds.smart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for the test's EHR on loopback (127.0.0.1 and localhost), made at test time by the JDK's own
 * {@code keytool} (no certificate is committed): the {@code prod} profile talks to FHIR servers, token endpoints, JWKS
 * and the IdP over https only, so the test EHR serves https with it, and the service's JVM trusts it as a site's JVM
 * trusts its hospital CA — through the JVM's trust store ({@link #trustInThisJvm()}).
 */
public final class TestTls {

    public static final String PASSWORD = "changeit";
    private final Path keyStore;
    private final Path trustStore;
    private final KeyStore keys;
    private final Certificate certificate;

    private TestTls(Path dir) throws Exception {
        keyStore = dir.resolve("ehr-tls.p12");
        trustStore = dir.resolve("ehr-trust.p12");
        Files.deleteIfExists(keyStore);
        var keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "ehr", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        certificate = keys.getCertificate("ehr");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test-ehr", certificate);
        try (OutputStream o = Files.newOutputStream(trustStore)) {
            trust.store(o, PASSWORD.toCharArray());
        }
    }

    /** A new key and certificate in {@code target/}. */
    public static TestTls create() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-tls"));
            return new TestTls(Files.createTempDirectory(dir, "ehr"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Path keyStore() {
        return keyStore;
    }

    /** The server side: the key and its certificate. */
    public SSLContext serverContext() {
        try {
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            var context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client side that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-ehr", certificate);
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            var context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64 of the SHA-256 of the certificate's public key, as Chromium's {@code --ignore-certificate-errors-spki-list} names it. */
    public String spkiSha256() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This JVM trusts the certificate the way a site's JVM trusts its CA: the trust store system properties (read by
     * every client that builds its TLS context from the defaults: Apache HttpClient's, Spring's) and the default
     * context (the JDK's HttpClient, {@code HttpsURLConnection}: Nimbus's JWKS retriever). Closing restores the JVM's.
     */
    public AutoCloseable trustInThisJvm() throws IOException {
        Map<String, String> before = new HashMap<>();
        for (String p : new String[] {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"}) {
            before.put(p, System.getProperty(p));
        }
        SSLContext defaultBefore;
        SSLSocketFactory urlConnectionBefore = HttpsURLConnection.getDefaultSSLSocketFactory();
        try {
            defaultBefore = SSLContext.getDefault();
        } catch (Exception e) {
            throw new IOException(e);
        }
        System.setProperty("javax.net.ssl.trustStore", trustStore.toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        SSLContext trusting = clientContext();
        SSLContext.setDefault(trusting);
        HttpsURLConnection.setDefaultSSLSocketFactory(trusting.getSocketFactory());
        return () -> {
            before.forEach((p, v) -> {
                if (v == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, v);
                }
            });
            SSLContext.setDefault(defaultBefore);
            HttpsURLConnection.setDefaultSSLSocketFactory(urlConnectionBefore);
        };
    }
}
