package dev.ttrpc.codegen;

/**
 * A problem with the input {@code .proto} files (not a bug of the plugin): reported to protoc through
 * {@code CodeGeneratorResponse.error}, which protoc prints next to the file name.
 */
public final class CodegenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodegenException(String message) {
    super(message);
  }
}
