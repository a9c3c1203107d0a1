package dev.ttrpc.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;

/** Parses call messages straight out of frame buffers. */
public final class Messages {
  private Messages() {}

  /**
   * Parses {@code buf[offset, offset+length)}. When the frame owns its array, bytes fields alias it instead of
   * being copied (a large payload is then read from the socket once and never copied again).
   */
  public static <T extends MessageLite> T parse(Parser<T> parser, byte[] buf, int offset, int length, boolean owned)
      throws InvalidProtocolBufferException {
    if (!owned || length < 4096) {
      return parser.parseFrom(buf, offset, length);
    }
    // Only input known to be immutable can be aliased: wrapping tells protobuf the array is ours to keep.
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(buf, offset, length).newCodedInput();
    in.enableAliasing(true);
    return parser.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
  }
}
