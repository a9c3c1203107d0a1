package dev.ttrpc.golden;

import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.codec.proto.Response;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One end of a Unix socket driven byte by byte by a test: it writes whatever bytes it is given (valid or not) and
 * reads frames with its own header parsing. Every read is bounded by {@link #READ_TIMEOUT}, so a peer that never
 * answers fails the test instead of hanging it.
 */
public final class RawPeer implements AutoCloseable {
  /** Generous: a bound on a hang, not a claim about speed. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private final AFUNIXSocket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawPeer(AFUNIXSocket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to a server's socket file. */
  public static RawPeer connect(Path socketFile) throws IOException {
    AFUNIXSocket s = AFUNIXSocket.newInstance();
    s.connect(AFUNIXSocketAddress.of(socketFile));
    return new RawPeer(s);
  }

  /** A fake server's listening socket: accepts connections from the client under test as raw peers. */
  public static final class Listener implements AutoCloseable {
    private final AFUNIXServerSocket server;

    private Listener(AFUNIXServerSocket server) {
      this.server = server;
    }

    public static Listener bind(Path socketFile) throws IOException {
      AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
      s.bind(AFUNIXSocketAddress.of(socketFile));
      s.setSoTimeout((int) READ_TIMEOUT.toMillis());
      return new Listener(s);
    }

    public RawPeer accept() throws IOException {
      return new RawPeer((AFUNIXSocket) server.accept());
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends bytes given in hex (whole frames, several frames, or any fragment). */
  public void sendHex(String hex) throws IOException {
    send(GoldenFrames.bytes(hex));
  }

  public void send(RawFrame frame) throws IOException {
    send(frame.bytes());
  }

  public void sendFrame(int streamId, int type, int flags, byte[] payload) throws IOException {
    send(new RawFrame(streamId, type, flags, payload));
  }

  /** Sends a bare header declaring {@code length} payload bytes (which may never follow). */
  public void sendHeader(long length, int streamId, int type, int flags) throws IOException {
    send(ByteBuffer.allocate(10).putInt((int) length).putInt(streamId).put((byte) type).put((byte) flags).array());
  }

  /** Reads one whole frame. */
  public RawFrame readFrame() throws IOException {
    byte[] header = new byte[10];
    in.readFully(header);
    ByteBuffer h = ByteBuffer.wrap(header);
    long length = h.getInt() & 0xffffffffL;
    int stream = h.getInt();
    int type = h.get() & 0xff;
    int flags = h.get() & 0xff;
    if (length > 64L << 20) {
      throw new IOException("peer declared a " + length + "-byte frame; refusing to buffer it");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new RawFrame(stream, type, flags, payload);
  }

  /** Reads one frame and returns it in hex (header and payload). */
  public String readFrameHex() throws IOException {
    return readFrame().hex();
  }

  /**
   * Reads until the peer closes the connection, returning the whole frames that came first. A reset counts as a
   * close (a Unix socket closed with unread data resets its peer); a read timeout fails.
   */
  public List<RawFrame> readUntilClosed() throws IOException {
    List<RawFrame> frames = new ArrayList<>();
    while (true) {
      try {
        frames.add(readFrame());
      } catch (EOFException e) {
        return frames;
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        if (socket.isClosed()) {
          throw e;
        }
        return frames;
      }
    }
  }

  /** Half-closes: the peer reads end of stream, and can still answer. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  // ---- frames built with the generated protobuf envelope classes, independently of dev.ttrpc.codec.Envelopes

  /** A Request frame's bytes. */
  public static RawFrame request(int streamId, int flags, String service, String method, byte[] payload) {
    Request.Builder r = Request.newBuilder().setService(service).setMethod(method);
    if (payload != null) {
      r.setPayload(com.google.protobuf.ByteString.copyFrom(payload));
    }
    return new RawFrame(streamId, RawFrame.REQUEST, flags, r.build().toByteArray());
  }

  /** A Response frame with a payload and no status. */
  public static RawFrame response(int streamId, byte[] payload) {
    return new RawFrame(streamId, RawFrame.RESPONSE, 0,
        Response.newBuilder().setPayload(com.google.protobuf.ByteString.copyFrom(payload)).build().toByteArray());
  }

  /** Decodes a Response frame's envelope with the generated class. */
  public static Response envelope(RawFrame frame) throws IOException {
    if (frame.type() != RawFrame.RESPONSE) {
      throw new IOException("expected a Response frame, got " + frame);
    }
    return Response.parseFrom(frame.payload());
  }
}
