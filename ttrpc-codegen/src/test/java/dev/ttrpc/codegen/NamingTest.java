package dev.ttrpc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingTest {

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource({
      "CloseIO,         CLOSE_IO,        closeIO",
      "ResizePty,       RESIZE_PTY,      resizePty",
      "State,           STATE,           state",
      "HTTPServer,      HTTP_SERVER,     httpServer",
      "IOStats,         IO_STATS,        ioStats",
      "IO,              IO,              io",
      "GetV2Data,       GET_V2_DATA,     getV2Data",
      "v2Get,           V2_GET,          v2Get",
      "get_v2_data,     GET_V2_DATA,     getV2Data",
      "get_URL,         GET_URL,         getURL",
      "lower,           LOWER,           lower",
      "CreateSandbox,   CREATE_SANDBOX,  createSandbox",
      "__Odd__Name__,   ODD_NAME,        oddName",
  })
  void methodNames(String proto, String upperSnake, String lowerCamel) {
    assertThat(Naming.upperSnake(proto)).isEqualTo(upperSnake);
    assertThat(Naming.lowerCamel(proto)).isEqualTo(lowerCamel);
    assertThat(Naming.methodConstant(proto)).isEqualTo("METHOD_" + upperSnake);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "shim.proto,                      Shim",
      "containerd/types/task/task.proto, Task",
      "my_file-v2.proto,                MyFileV2",
      "kv1store.proto,                  Kv1Store",
      "HTTPThing.proto,                 HTTPThing",
      "old.protodevel,                  Old",
      "a/b/empty.proto,                 Empty",
  })
  void fileClassNamesFollowProtoc(String file, String className) {
    assertThat(Naming.fileClassName(file)).isEqualTo(className);
  }

  @ParameterizedTest(name = "{0} ({1}) -> {2}")
  @CsvSource({
      "Wait,        UNARY,            wait",
      "Wait,        BIDI_STREAMING,   wait_",
      "HashCode,    CLIENT_STREAMING, hashCode_",
      "ToString,    SERVER_STREAMING, toString",
      "New,         UNARY,            new_",
      "Default,     BIDI_STREAMING,   default_",
      "Of,          UNARY,            of_",
      "WithOptions, UNARY,            withOptions_",
      "WithTimeout, UNARY,            withTimeout_",
      "CallOptions, UNARY,            callOptions_",
      "Delete,      UNARY,            delete",
      "Record,      UNARY,            record",
  })
  void javaMethodNamesAvoidKeywordsAndClashes(String proto, ServiceModel.Shape shape, String javaName) {
    assertThat(ServiceModels.javaMethodName(proto, shape)).isEqualTo(javaName);
  }
}
