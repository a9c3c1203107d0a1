package dev.ttrpc.codegen;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The protoc plugin's entry point (the jar's {@code Main-Class}): reads a {@code CodeGeneratorRequest} from standard
 * input and writes the {@code CodeGeneratorResponse} to standard output. Problems with the input go back in the
 * response's {@code error}; a failure of the plugin itself exits with status 1.
 */
public final class TtrpcCodegen {
  private TtrpcCodegen() {}

  /**
   * Runs the plugin.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try {
      run(System.in, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    } catch (IOException | RuntimeException e) {
      System.err.println("ttrpc-codegen failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /** Reads one request from {@code in}, writes its response to {@code out} and flushes it. */
  public static void run(InputStream in, OutputStream out) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(in);
    CodeGeneratorResponse response = new CodeGenerator().generate(request);
    response.writeTo(out);
    out.flush();
  }
}
