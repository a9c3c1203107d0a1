package dev.ttrpc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaImportsTest {

  @Test
  void importsOnceAndQualifiesLaterTypesWithTheSameSimpleName() {
    JavaImports imports = new JavaImports("com.example", "FooClient");
    assertThat(imports.ref("dev.ttrpc.client.CallOptions")).isEqualTo("CallOptions");
    assertThat(imports.ref("dev.ttrpc.client.CallOptions")).isEqualTo("CallOptions");
    assertThat(imports.ref("com.example.CallOptions")).isEqualTo("com.example.CallOptions");
    assertThat(imports.ref("other.FooClient")).isEqualTo("other.FooClient");
    assertThat(imports.ref("com.example.FooClient")).isEqualTo("FooClient");
    assertThat(imports.ref("com.example.Outer.Inner")).isEqualTo("Inner");
    assertThat(imports.ref("com.example.Entry")).isEqualTo("Entry");
    assertThat(imports.ref("java.lang.String")).isEqualTo("String");
    assertThat(imports.declarations()).isEqualTo("""
        import com.example.Outer.Inner;
        import dev.ttrpc.client.CallOptions;
        import java.lang.String;
        """);
  }

  @Test
  void defaultPackage() {
    JavaImports imports = new JavaImports("", "FooClient");
    assertThat(imports.ref("Entry")).isEqualTo("Entry");
    assertThat(imports.ref("java.time.Duration")).isEqualTo("Duration");
    assertThat(imports.declarations()).isEqualTo("import java.time.Duration;\n");
  }
}
