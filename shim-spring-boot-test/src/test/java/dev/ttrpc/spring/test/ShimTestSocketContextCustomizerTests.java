package dev.ttrpc.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;

class ShimTestSocketContextCustomizerTests {
  private final ShimTestSocketContextCustomizerFactory factory = new ShimTestSocketContextCustomizerFactory();

  @Test
  void setsBothAddressesForTheNamedClientAndDeletesTheDirectoryOnClose() {
    ContextCustomizer customizer = factory.createContextCustomizer(Named.class, List.of());
    Path dir;
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      customizer.customizeContext(context, null);
      context.refresh();
      String address = context.getEnvironment().getProperty("shim.server.address");
      assertThat(context.getEnvironment().getProperty("shim.client.shims.mine.address")).isEqualTo(address);
      assertThat(context.getEnvironment().getProperty("shim.client.shims.test.address")).isNull();
      dir = Path.of(address.substring("unix://".length())).getParent();
      assertThat(dir).isDirectory();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void onlyForAnnotatedClassesAndEqualPerClientName() {
    assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
    assertThat(factory.createContextCustomizer(Default.class, List.of()))
        .isEqualTo(factory.createContextCustomizer(Default.class, List.of()))
        .isNotEqualTo(factory.createContextCustomizer(Named.class, List.of()));
  }

  @AutoConfigureShimTestSocket(client = "mine")
  static class Named {}

  @AutoConfigureShimTestSocket
  static class Default {}

  static class Plain {}
}
