package dev.ttrpc.golden;

import java.util.HexFormat;
import java.util.List;

/**
 * Byte-exact TTRPC frames recorded from real peers, copied here so that the tests need nothing outside this
 * repository at run time.
 *
 * <p>Two recordings:
 *
 * <ul>
 *   <li>{@code SHIM_*}: one connection between a ttrpc client and containerd 1.6's runc shim
 *       ({@code containerd.task.v2.Task}), every call carrying the metadata
 *       {@code containerd-namespace-ttrpc=peerlab} and no deadline. Stream ids 1..13.
 *   <li>{@code STREAM_*}: one connection between a client and a server both built on Go ttrpc v1.2.4, serving
 *       {@code ttrpc.bench.v1.Echo} (Echo unary, Repeat server-streaming, Sum client-streaming, Chat bidi), no
 *       metadata, no deadline. Stream ids 1..21.
 * </ul>
 *
 * Each constant is a whole frame in hex: 4 bytes length, 4 bytes stream id, 1 byte type, 1 byte flags, payload.
 * A few frames marked DERIVED were not printed in hex in the recording but are fully determined by its annotations
 * (same bytes as a printed frame with another stream id, or an empty frame with given flags).
 */
public final class GoldenFrames {
  private GoldenFrames() {}

  /** Who sent a frame. */
  public enum Dir {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT
  }

  /**
   * One recorded frame with the header fields read off the recording's annotations (typed in by hand, so they
   * check the hex as much as the decoder).
   */
  public record Golden(String name, Dir dir, int streamId, int type, int flags, int length, String hex) {
    public byte[] bytes() {
      return GoldenFrames.bytes(hex);
    }

    /** The payload part (after the 10-byte header), in hex. */
    public String payloadHex() {
      return hex.substring(20);
    }
  }

  public static final String NAMESPACE_KEY = "containerd-namespace-ttrpc";
  public static final String NAMESPACE = "peerlab";
  public static final String TASK_SERVICE = "containerd.task.v2.Task";
  public static final String ECHO_SERVICE = "ttrpc.bench.v1.Echo";

  // ---------------------------------------------------------------- containerd 1.6 runc shim

  /** Connect{id:"peer"}: service, method, payload 0a0470656572, then the namespace KeyValue. */
  public static final String SHIM_C1_CONNECT = "00000051000000010100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b1207436f6e6e656374"
      + "1a060a0470656572"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** ConnectResponse{shim_pid:25760, task_pid:25782}; no status field. */
  public static final String SHIM_S1_CONNECTED = "0000000a000000010200" + "120808a0c90110b6c901";
  /** Connect{id:"no-such-container"}. */
  public static final String SHIM_C3_CONNECT_UNKNOWN = "0000005e000000030100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b1207436f6e6e656374"
      + "1a130a116e6f2d737563682d636f6e7461696e6572"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** ConnectResponse{shim_pid:25760} (no task pid). */
  public static final String SHIM_S3_CONNECTED_SHIM_ONLY = "00000006000000030200" + "120408a0c901";
  /** State{id:"no-such-container"}. */
  public static final String SHIM_C5_STATE_UNKNOWN = "0000005c000000050100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b12055374617465"
      + "1a130a116e6f2d737563682d636f6e7461696e6572"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** Status{code:5 NotFound, message:"container not created: not found"}, no payload. */
  public static final String SHIM_S5_NOT_FOUND = "00000026000000050200"
      + "0a2408051220636f6e7461696e6572206e6f7420637265617465643a206e6f7420666f756e64";
  /** Kill{id:"no-such-container", signal:15}. */
  public static final String SHIM_C7_KILL_UNKNOWN = "0000005d000000070100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b12044b696c6c"
      + "1a150a116e6f2d737563682d636f6e7461696e6572180f"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** Same NotFound status as stream 5. */
  public static final String SHIM_S7_NOT_FOUND = "00000026000000070200"
      + "0a2408051220636f6e7461696e6572206e6f7420637265617465643a206e6f7420666f756e64";
  /** State{id:"peer", exec_id:"no-such-exec"}. */
  public static final String SHIM_C9_STATE_UNKNOWN_EXEC = "0000005d000000090100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b12055374617465"
      + "1a140a0470656572120c6e6f2d737563682d65786563"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** Status{code:5, message:"process does not exist no-such-exec: not found"}. */
  public static final String SHIM_S9_EXEC_NOT_FOUND = "00000034000000090200"
      + "0a320805122e70726f6365737320646f6573206e6f74206578697374206e6f2d737563682d657865633a206e6f7420666f756e64";
  /** containerd.task.v2.Task/NoSuchMethod{id:"peer"}. */
  public static final String SHIM_C11_NO_SUCH_METHOD = "000000560000000b0100"
      + "0a17636f6e7461696e6572642e7461736b2e76322e5461736b120c4e6f537563684d6574686f64"
      + "1a060a0470656572"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** Status{code:12 Unimplemented, message:"method NoSuchMethod"}. */
  public static final String SHIM_S11_UNIMPLEMENTED_METHOD = "000000190000000b0200"
      + "0a17080c12136d6574686f64204e6f537563684d6574686f64";
  /** no.such.Service/State{id:"peer"}. */
  public static final String SHIM_C13_NO_SUCH_SERVICE = "000000470000000d0100"
      + "0a0f6e6f2e737563682e53657276696365120553746174651a060a0470656572"
      + "2a250a1a636f6e7461696e6572642d6e616d6573706163652d74747270631207706565726c6162";
  /** Status{code:12, message:"service no.such.Service"}. */
  public static final String SHIM_S13_UNIMPLEMENTED_SERVICE = "0000001d0000000d0200"
      + "0a1b080c121773657276696365206e6f2e737563682e53657276696365";

  // ---------------------------------------------------------------- Go ttrpc 1.2.4 streaming

  /** Echo, unary: payload BytesValue{"hello ttrpc 1.2"}. */
  public static final String STREAM_C1_ECHO = "0000002e000000010100"
      + "0a1374747270632e62656e63682e76312e4563686f12044563686f1a110a0f68656c6c6f20747472706320312e32";
  /** Response{payload: BytesValue{"hello ttrpc 1.2"}}, no status. */
  public static final String STREAM_S1_ECHO = "00000013000000010200" + "12110a0f68656c6c6f20747472706320312e32";
  /** Repeat, server-streaming, flags 01: payload BytesValue{03 'a' 'b' 'c'}, the first byte being the count. */
  public static final String STREAM_C3_REPEAT = "00000025000000030101"
      + "0a1374747270632e62656e63682e76312e4563686f12065265706561741a060a0403616263";
  /** One of three identical Data frames carrying the request back. */
  public static final String STREAM_S3_REPEAT_DATA = "00000006000000030300" + "0a0403616263";
  /** Empty Data with remote-closed|no-data: the stream's successful end (no Response). */
  public static final String STREAM_S3_REPEAT_END = "00000000000000030305";
  /** Sum, client-streaming, flags 02 and no payload field at all. */
  public static final String STREAM_C5_SUM = "0000001a000000050102"
      + "0a1374747270632e62656e63682e76312e4563686f120353756d";
  public static final String STREAM_C5_SUM_FOO = "00000005000000050300" + "0a03666f6f";
  public static final String STREAM_C5_SUM_BAR = "00000005000000050300" + "0a03626172";
  public static final String STREAM_C5_SUM_BAZ = "00000005000000050300" + "0a0362617a";
  /** The client's CloseSend: empty Data, remote-closed|no-data. */
  public static final String STREAM_C5_SUM_CLOSE = "00000000000000050305";
  /** Response{payload: BytesValue{"foobarbaz"}}. */
  public static final String STREAM_S5_SUM = "0000000d000000050200" + "120b0a09666f6f62617262617a";
  /** Chat, bidi, flags 02, no payload. */
  public static final String STREAM_C7_CHAT = "0000001b000000070102"
      + "0a1374747270632e62656e63682e76312e4563686f120443686174";
  /** "ping-1", sent by the client and echoed by the server with the same bytes (likewise ping-2, ping-3). */
  public static final String STREAM_7_PING1 = "00000008000000070300" + "0a0670696e672d31";
  public static final String STREAM_7_PING2 = "00000008000000070300" + "0a0670696e672d32";
  public static final String STREAM_7_PING3 = "00000008000000070300" + "0a0670696e672d33";
  /** Both the client's CloseSend and the server's end of the Chat stream. */
  public static final String STREAM_7_CLOSE = "00000000000000070305";
  /** echo-empty: Echo of BytesValue{} has no payload field. */
  public static final String STREAM_C9_ECHO_EMPTY = "0000001b000000090100"
      + "0a1374747270632e62656e63682e76312e4563686f12044563686f";
  /** ... and its answer is the bare 10-byte header: neither status nor payload. */
  public static final String STREAM_S9_ECHO_EMPTY = "00000000000000090200";
  /** echo-1mib (stream 11): only the header was recorded; the payload is 1 MiB in one frame. */
  public static final String STREAM_C11_ECHO_1MIB_HEADER = "001000230000000b0100";
  /** repeat-zero: count byte 00. */
  public static final String STREAM_C13_REPEAT_ZERO = "000000220000000d0101"
      + "0a1374747270632e62656e63682e76312e4563686f12065265706561741a030a0100";
  /** ... answered by the closing Data frame alone. */
  public static final String STREAM_S13_REPEAT_ZERO_END = "000000000000000d0305";
  /** sum-empty: Request 02, then at once the client's close. */
  public static final String STREAM_C15_SUM_EMPTY = "0000001a0000000f0102"
      + "0a1374747270632e62656e63682e76312e4563686f120353756d";
  public static final String STREAM_C15_SUM_EMPTY_CLOSE = "000000000000000f0305";
  /** ... answered by an empty Response (empty BytesValue, no status). */
  public static final String STREAM_S15_SUM_EMPTY = "000000000000000f0200";
  /** DERIVED chat-empty: STREAM_C7_CHAT on stream 17. */
  public static final String STREAM_C17_CHAT_EMPTY = "0000001b000000110102"
      + "0a1374747270632e62656e63682e76312e4563686f120443686174";
  /** DERIVED chat-empty: the client's close, then the server's (same bytes both ways). */
  public static final String STREAM_17_CLOSE = "00000000000000110305";
  /** DERIVED chat-empty-msg: STREAM_C7_CHAT on stream 19. */
  public static final String STREAM_C19_CHAT_EMPTY_MSG = "0000001b000000130102"
      + "0a1374747270632e62656e63682e76312e4563686f120443686174";
  /** chat-empty-msg: an empty message is Data flags 00 length 0 (not no-data); echoed with the same bytes. */
  public static final String STREAM_19_EMPTY_MSG = "00000000000000130300";
  /** DERIVED chat-empty-msg: closes, as on every bidi stream. */
  public static final String STREAM_19_CLOSE = "00000000000000130305";
  /** unknown-method: Echo service, method NoSuchMethod, payload BytesValue{"x"}. */
  public static final String STREAM_C21_UNKNOWN_METHOD = "000000280000001501000a1374747270632e62656e63682e76312e"
      + "4563686f120c4e6f537563684d6574686f641a030a0178";
  /** Status{code:12, message:"method NoSuchMethod"}, no payload. */
  public static final String STREAM_S21_UNKNOWN_METHOD = "000000190000001502000a17080c12136d6574686f64204e6f"
      + "537563684d6574686f64";

  private static final Dir C = Dir.CLIENT_TO_SERVER;
  private static final Dir S = Dir.SERVER_TO_CLIENT;

  /** The shim recording, in wire order. */
  public static final List<Golden> SHIM = List.of(
      new Golden("connect", C, 1, 1, 0, 81, SHIM_C1_CONNECT),
      new Golden("connect answer", S, 1, 2, 0, 10, SHIM_S1_CONNECTED),
      new Golden("connect unknown", C, 3, 1, 0, 94, SHIM_C3_CONNECT_UNKNOWN),
      new Golden("connect unknown answer", S, 3, 2, 0, 6, SHIM_S3_CONNECTED_SHIM_ONLY),
      new Golden("state unknown", C, 5, 1, 0, 92, SHIM_C5_STATE_UNKNOWN),
      new Golden("state not found", S, 5, 2, 0, 38, SHIM_S5_NOT_FOUND),
      new Golden("kill unknown", C, 7, 1, 0, 93, SHIM_C7_KILL_UNKNOWN),
      new Golden("kill not found", S, 7, 2, 0, 38, SHIM_S7_NOT_FOUND),
      new Golden("state unknown exec", C, 9, 1, 0, 93, SHIM_C9_STATE_UNKNOWN_EXEC),
      new Golden("exec not found", S, 9, 2, 0, 52, SHIM_S9_EXEC_NOT_FOUND),
      new Golden("no such method", C, 11, 1, 0, 86, SHIM_C11_NO_SUCH_METHOD),
      new Golden("unimplemented method", S, 11, 2, 0, 25, SHIM_S11_UNIMPLEMENTED_METHOD),
      new Golden("no such service", C, 13, 1, 0, 71, SHIM_C13_NO_SUCH_SERVICE),
      new Golden("unimplemented service", S, 13, 2, 0, 29, SHIM_S13_UNIMPLEMENTED_SERVICE));

  /** The Go 1.2.4 streaming recording, in wire order (echo-1mib left out: only its header was recorded). */
  public static final List<Golden> STREAMING = List.of(
      new Golden("echo", C, 1, 1, 0, 46, STREAM_C1_ECHO),
      new Golden("echo answer", S, 1, 2, 0, 19, STREAM_S1_ECHO),
      new Golden("repeat", C, 3, 1, 1, 37, STREAM_C3_REPEAT),
      new Golden("repeat data 1", S, 3, 3, 0, 6, STREAM_S3_REPEAT_DATA),
      new Golden("repeat data 2", S, 3, 3, 0, 6, STREAM_S3_REPEAT_DATA),
      new Golden("repeat data 3", S, 3, 3, 0, 6, STREAM_S3_REPEAT_DATA),
      new Golden("repeat end", S, 3, 3, 5, 0, STREAM_S3_REPEAT_END),
      new Golden("sum", C, 5, 1, 2, 26, STREAM_C5_SUM),
      new Golden("sum foo", C, 5, 3, 0, 5, STREAM_C5_SUM_FOO),
      new Golden("sum bar", C, 5, 3, 0, 5, STREAM_C5_SUM_BAR),
      new Golden("sum baz", C, 5, 3, 0, 5, STREAM_C5_SUM_BAZ),
      new Golden("sum close", C, 5, 3, 5, 0, STREAM_C5_SUM_CLOSE),
      new Golden("sum answer", S, 5, 2, 0, 13, STREAM_S5_SUM),
      new Golden("chat", C, 7, 1, 2, 27, STREAM_C7_CHAT),
      new Golden("ping-1", C, 7, 3, 0, 8, STREAM_7_PING1),
      new Golden("ping-1 echo", S, 7, 3, 0, 8, STREAM_7_PING1),
      new Golden("ping-2", C, 7, 3, 0, 8, STREAM_7_PING2),
      new Golden("ping-2 echo", S, 7, 3, 0, 8, STREAM_7_PING2),
      new Golden("ping-3", C, 7, 3, 0, 8, STREAM_7_PING3),
      new Golden("ping-3 echo", S, 7, 3, 0, 8, STREAM_7_PING3),
      new Golden("chat client close", C, 7, 3, 5, 0, STREAM_7_CLOSE),
      new Golden("chat server close", S, 7, 3, 5, 0, STREAM_7_CLOSE),
      new Golden("echo-empty", C, 9, 1, 0, 27, STREAM_C9_ECHO_EMPTY),
      new Golden("echo-empty answer", S, 9, 2, 0, 0, STREAM_S9_ECHO_EMPTY),
      new Golden("repeat-zero", C, 13, 1, 1, 34, STREAM_C13_REPEAT_ZERO),
      new Golden("repeat-zero end", S, 13, 3, 5, 0, STREAM_S13_REPEAT_ZERO_END),
      new Golden("sum-empty", C, 15, 1, 2, 26, STREAM_C15_SUM_EMPTY),
      new Golden("sum-empty close", C, 15, 3, 5, 0, STREAM_C15_SUM_EMPTY_CLOSE),
      new Golden("sum-empty answer", S, 15, 2, 0, 0, STREAM_S15_SUM_EMPTY),
      new Golden("chat-empty", C, 17, 1, 2, 27, STREAM_C17_CHAT_EMPTY),
      new Golden("chat-empty client close", C, 17, 3, 5, 0, STREAM_17_CLOSE),
      new Golden("chat-empty server close", S, 17, 3, 5, 0, STREAM_17_CLOSE),
      new Golden("chat-empty-msg", C, 19, 1, 2, 27, STREAM_C19_CHAT_EMPTY_MSG),
      new Golden("chat-empty-msg message", C, 19, 3, 0, 0, STREAM_19_EMPTY_MSG),
      new Golden("chat-empty-msg echo", S, 19, 3, 0, 0, STREAM_19_EMPTY_MSG),
      new Golden("chat-empty-msg client close", C, 19, 3, 5, 0, STREAM_19_CLOSE),
      new Golden("chat-empty-msg server close", S, 19, 3, 5, 0, STREAM_19_CLOSE),
      new Golden("unknown-method", C, 21, 1, 0, 40, STREAM_C21_UNKNOWN_METHOD),
      new Golden("unknown-method answer", S, 21, 2, 0, 25, STREAM_S21_UNKNOWN_METHOD));

  /** The frames of {@code recording} one side sent, in order. */
  public static List<Golden> sentBy(List<Golden> recording, Dir dir) {
    return recording.stream().filter(g -> g.dir() == dir).toList();
  }

  /** The concatenated bytes of frames, as one side's byte stream. */
  public static byte[] concat(List<Golden> frames) {
    StringBuilder sb = new StringBuilder();
    frames.forEach(g -> sb.append(g.hex()));
    return bytes(sb.toString());
  }

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static String hex(byte[] bytes, int offset, int length) {
    return HexFormat.of().formatHex(bytes, offset, offset + length);
  }

  /** A copy of a frame with its stream id replaced. */
  public static String withStream(String frameHex, int streamId) {
    return frameHex.substring(0, 8) + String.format("%08x", streamId) + frameHex.substring(16);
  }
}
