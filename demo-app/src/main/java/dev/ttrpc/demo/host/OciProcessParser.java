package dev.ttrpc.demo.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the OCI runtime-spec JSON this shim accepts: a bundle's {@code config.json} (its {@code process} object)
 * and the bare {@code Process} object that {@code Exec} carries. Fields the host runner does not use are skipped.
 */
final class OciProcessParser {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OciProcessParser() {
  }

  /**
   * The {@code process} of a whole runtime spec.
   *
   * @param json the bytes of a {@code config.json}
   * @param where names the source in error messages, e.g. the file's path
   * @throws IllegalArgumentException when the JSON does not parse or holds no usable process
   */
  static ProcessDefinition fromConfig(byte[] json, String where) {
    Config config = read(json, Config.class, where);
    if (config.process() == null) {
      throw new IllegalArgumentException(where + ": no 'process' object");
    }
    return toDefinition(config.process(), where);
  }

  /**
   * A bare runtime-spec {@code Process} object, as {@code ExecProcessRequest.spec} holds it.
   *
   * @throws IllegalArgumentException when the JSON does not parse or is not a usable process
   */
  static ProcessDefinition fromProcess(byte[] json, String where) {
    return toDefinition(read(json, Process.class, where), where);
  }

  private static <T> T read(byte[] json, Class<T> type, String where) {
    try {
      T value = JSON.readValue(json, type);
      if (value == null) {
        throw new IllegalArgumentException(where + ": empty JSON document");
      }
      return value;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(where + ": not a runtime-spec document: " + e.getOriginalMessage(), e);
    }
  }

  private static ProcessDefinition toDefinition(Process process, String where) {
    try {
      return new ProcessDefinition(process.args() == null ? List.of() : process.args(),
          process.cwd() == null || process.cwd().isEmpty() ? "/" : process.cwd(),
          process.env() == null ? List.of() : process.env());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Config(@Nullable Process process) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Process(@Nullable List<String> args, @Nullable String cwd, @Nullable List<String> env) {
  }
}
