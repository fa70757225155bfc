package io.fetchq.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The credentials every request must carry: HTTP basic (user and password) or a token (as a bearer
 * token, or as the basic password of any user). Compared in constant time: both sides are hashed
 * first, so neither the length nor a common prefix shows in the time taken.
 */
final class Auth {
  private final byte[] user;
  private final byte[] secret;

  private Auth(String user, String secret) {
    this.user = user == null ? null : sha256(user);
    this.secret = sha256(secret);
  }

  static Auth basic(String user, String password) {
    return new Auth(user, password);
  }

  static Auth token(String token) {
    return new Auth(null, token);
  }

  /** Whether {@code header}, an Authorization header's value (or null), carries the credentials. */
  boolean accepts(String header) {
    if (header == null) {
      return false;
    }
    if (user == null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return MessageDigest.isEqual(secret, sha256(header.substring(7).trim()));
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean userMatches = user == null || MessageDigest.isEqual(user, sha256(decoded.substring(0, colon)));
    boolean secretMatches = MessageDigest.isEqual(secret, sha256(decoded.substring(colon + 1)));
    return userMatches & secretMatches;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
