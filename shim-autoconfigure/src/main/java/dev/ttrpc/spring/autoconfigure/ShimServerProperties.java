package dev.ttrpc.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The shim server that serves {@code @ShimService} beans. */
@ConfigurationProperties("shim.server")
public class ShimServerProperties {
  /** Socket to serve on, as 'unix:///path' or 'unix://@abstract'. No server runs without it. */
  private @Nullable String address;

  /** Which peers may connect. */
  private HandshakeMode handshake = HandshakeMode.SAME_USER;

  /** Uid a peer must have with handshake 'uid-gid'; unset means any. */
  private @Nullable Long uid;

  /** Gid a peer must have with handshake 'uid-gid'; unset means any. */
  private @Nullable Long gid;

  /** Calls served at once on one connection; more get RESOURCE_EXHAUSTED. The transport's default (1024) if unset. */
  private @Nullable Integer maxCallsPerConnection;

  /** Connections open at once; more are refused. The transport's default (1024) if unset. */
  private @Nullable Integer maxConnections;

  /** Largest message sent or accepted. The transport's default (4MB) if unset. */
  private @Nullable DataSize maxMessageSize;

  /**
   * Byte budget of one connection, for the requests being served and for the answers waiting for the peer: past it
   * the server stops reading that peer. The transport's default (8MB) if unset.
   */
  private @Nullable DataSize maxBytesInFlightPerConnection;

  /** Metadata entries a request may carry; more get RESOURCE_EXHAUSTED. The transport's default (64) if unset. */
  private @Nullable Integer maxMetadataEntries;

  /** Bytes of metadata keys and values a request may carry. The transport's default (16KB) if unset. */
  private @Nullable DataSize maxMetadataBytes;

  /** Time calls in flight may take to finish when the server stops, before it closes hard. */
  private Duration shutdownGracePeriod = Duration.ofSeconds(10);

  public @Nullable String getAddress() {
    return address;
  }

  public void setAddress(@Nullable String address) {
    this.address = address;
  }

  public HandshakeMode getHandshake() {
    return handshake;
  }

  public void setHandshake(HandshakeMode handshake) {
    this.handshake = handshake;
  }

  public @Nullable Long getUid() {
    return uid;
  }

  public void setUid(@Nullable Long uid) {
    this.uid = uid;
  }

  public @Nullable Long getGid() {
    return gid;
  }

  public void setGid(@Nullable Long gid) {
    this.gid = gid;
  }

  public @Nullable Integer getMaxCallsPerConnection() {
    return maxCallsPerConnection;
  }

  public void setMaxCallsPerConnection(@Nullable Integer maxCallsPerConnection) {
    this.maxCallsPerConnection = maxCallsPerConnection;
  }

  public @Nullable Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(@Nullable Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public @Nullable DataSize getMaxMessageSize() {
    return maxMessageSize;
  }

  public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  public @Nullable DataSize getMaxBytesInFlightPerConnection() {
    return maxBytesInFlightPerConnection;
  }

  public void setMaxBytesInFlightPerConnection(@Nullable DataSize maxBytesInFlightPerConnection) {
    this.maxBytesInFlightPerConnection = maxBytesInFlightPerConnection;
  }

  public @Nullable Integer getMaxMetadataEntries() {
    return maxMetadataEntries;
  }

  public void setMaxMetadataEntries(@Nullable Integer maxMetadataEntries) {
    this.maxMetadataEntries = maxMetadataEntries;
  }

  public @Nullable DataSize getMaxMetadataBytes() {
    return maxMetadataBytes;
  }

  public void setMaxMetadataBytes(@Nullable DataSize maxMetadataBytes) {
    this.maxMetadataBytes = maxMetadataBytes;
  }

  public Duration getShutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
    this.shutdownGracePeriod = shutdownGracePeriod;
  }

  /** Which peers the server accepts, checked from the socket's peer credentials. */
  public enum HandshakeMode {
    /** Only processes of this process's user and group (containerd's shims require this). */
    SAME_USER,
    /** Only root. */
    ROOT,
    /** Only the configured uid and gid. */
    UID_GID,
    /** Anyone who can open the socket. */
    ANY
  }
}
