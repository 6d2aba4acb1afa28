package dev.floe.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Admits calls whose {@code authorization} header is {@code Bearer <token>}; refuses the rest with
 * {@code UNAUTHENTICATED}. Compared in constant time, so the answer's timing tells nothing about
 * how much of a guess was right.
 */
final class BearerToken implements CallHeaderAuthenticator {
  private static final String HEADER = "authorization";
  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  BearerToken(String token) {
    this.expected =
        (PREFIX + Objects.requireNonNull(token, "token")).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String given = headers.get(HEADER);
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      throw CallStatus.UNAUTHENTICATED
          .withDescription(
              given == null
                  ? "This server needs a bearer token: header 'authorization: Bearer <token>'"
                  : "Wrong bearer token")
          .toRuntimeException();
    }
    return () -> "bearer";
  }
}
