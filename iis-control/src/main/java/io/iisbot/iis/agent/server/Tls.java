package io.iisbot.iis.agent.server;

import io.javalin.config.JavalinConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS from a PEM certificate chain and a PEM PKCS#8 private key, with the JDK alone. */
public final class Tls {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private Tls() {}

  /** The PEM files: the certificate (chain, leaf first) and its unencrypted PKCS#8 key. */
  public record Files(Path certificate, Path privateKey) {}

  /** Adds an HTTPS connector in place of plain HTTP. */
  static void addHttpsConnector(JavalinConfig cfg, Files files, String bind, int port) {
    KeyStore keyStore = keyStore(files);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore);
    ssl.setKeyStorePassword(KEYSTORE_PASSWORD);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    cfg.jetty.addConnector(
        (server, httpConfig) -> {
          HttpConfiguration https = new HttpConfiguration(httpConfig);
          // The bot may address the agent by IP; the certificate is checked by the client.
          https.addCustomizer(new SecureRequestCustomizer(false));
          ServerConnector c =
              new ServerConnector(
                  server,
                  new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                  new HttpConnectionFactory(https));
          c.setHost(bind);
          c.setPort(port);
          return c;
        });
  }

  private static final String KEYSTORE_PASSWORD = Long.toHexString(new SecureRandom().nextLong());

  /**
   * An in-memory key store from the PEM files.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static KeyStore keyStore(Files files) {
    List<Certificate> chain = certificates(files.certificate());
    PrivateKey key = privateKey(files.privateKey());
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "agent", key, KEYSTORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "the certificate and key do not make a key store: " + e.getMessage(), e);
    }
  }

  static List<Certificate> certificates(Path file) {
    List<Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(file, "CERTIFICATE")) {
        out.add(cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "tls.certificate " + file + ": not a certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "tls.certificate " + file + ": no BEGIN CERTIFICATE block");
    }
    return out;
  }

  static PrivateKey privateKey(Path file) {
    String text = read(file, "tls.privateKey");
    if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "tls.privateKey "
              + file
              + ": a PKCS#1/SEC1 key; convert it to PKCS#8 with"
              + " `openssl pkcs8 -topk8 -nocrypt -in old.key -out agent.key`");
    }
    if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "tls.privateKey "
              + file
              + ": an encrypted key; the agent needs it unencrypted (protect the file with ACLs)");
    }
    List<byte[]> keys = blocks(file, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          "tls.privateKey " + file + ": needs exactly one BEGIN PRIVATE KEY block");
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm)
            .generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
      } catch (GeneralSecurityException tryNext) {
        // Not this algorithm; PKCS#8 does not say which without parsing the ASN.1 ourselves.
      }
    }
    throw new IllegalArgumentException(
        "tls.privateKey " + file + ": not an RSA, EC or Ed25519 PKCS#8 key");
  }

  private static List<byte[]> blocks(Path file, String type) {
    String text = read(file, "tls");
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return out;
  }

  private static String read(Path file, String what) {
    try {
      return java.nio.file.Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
