package dev.ttrpc.demo.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runtime-spec JSON as the host shim reads it: the fields it uses, defaults, and errors naming the source. */
class OciProcessParserTests {

  @Test
  void readsArgsCwdAndEnvAndSkipsTheRest() {
    ProcessDefinition p = OciProcessParser.fromConfig(bytes("{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,"
        + "\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sleep\",\"1\"],\"env\":[\"A=b\"],\"cwd\":\"/tmp\"},"
        + "\"root\":{\"path\":\"rootfs\"},\"linux\":{\"namespaces\":[]}}"), "c.json");

    assertThat(p).isEqualTo(new ProcessDefinition(List.of("sleep", "1"), "/tmp", List.of("A=b")));
  }

  @Test
  void workingDirectoryDefaultsToRoot() {
    assertThat(OciProcessParser.fromProcess(bytes("{\"args\":[\"true\"]}"), "spec").cwd()).isEqualTo("/");
  }

  @Test
  void errorsNameTheSourceAndTheField() {
    assertThatIllegalArgumentException().isThrownBy(() -> OciProcessParser.fromConfig(bytes("{}"), "c.json"))
        .withMessage("c.json: no 'process' object");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OciProcessParser.fromProcess(bytes("{\"args\":[]}"), "spec"))
        .withMessage("spec: process.args must name the program to run");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OciProcessParser.fromProcess(bytes("{\"args\":[\"x\"],\"cwd\":\"rel\"}"), "spec"))
        .withMessageContaining("process.cwd must be an absolute path");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OciProcessParser.fromProcess(bytes("{\"args\":[\"x\"],\"env\":[\"NOEQ\"]}"), "spec"))
        .withMessageContaining("'NOEQ' is not NAME=value");
    assertThatIllegalArgumentException().isThrownBy(() -> OciProcessParser.fromProcess(bytes("{\"args\":"), "spec"))
        .withMessageStartingWith("spec: not a runtime-spec document");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
