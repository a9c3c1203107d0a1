package dev.ttrpc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void theDemoMakesEveryKindOfCall() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Examples.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("-> hello, ttrpc")
        .contains("-> s h i m")
        .contains("-> hello, containerd and runc")
        .contains("-> hi alice")
        .contains("-> hi bob")
        .contains("-> INVALID_ARGUMENT: name must not be blank");
  }
}
