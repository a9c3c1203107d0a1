package dev.ttrpc.codegen.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.audit.v1.AuditClient;
import com.example.audit.v1.AuditService;
import com.example.audit.v1.AuditTtrpc;
import com.example.audit.v1.Record;
import com.example.kv.admin.AdminOuterClass.Admin;
import com.example.kv.admin.OperatorClient;
import com.example.kv.admin.OperatorService;
import com.example.kv.admin.OperatorTtrpc;
import com.example.kv.v1.CallInfo;
import com.example.kv.v1.CloseIORequest;
import com.example.kv.v1.GetRequest;
import com.example.kv.v1.KeyValueClient;
import com.example.kv.v1.KeyValueService;
import com.example.kv.v1.KeyValueTtrpc;
import com.example.kv.v1.ListRequest;
import com.example.kv.v1.PutManySummary;
import com.example.kv.v1.SyncEvent;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.ttrpc.Code;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServerStream;
import dev.ttrpc.server.TtrpcServer;
import example.kv.v1.KvTypes.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every generated method, called through a real TtrpcServer and TtrpcClient on a Unix socket. */
class GeneratedStubsTest {
  private final InMemoryKeyValue store = new InMemoryKeyValue();
  private final List<Record> audit = new CopyOnWriteArrayList<>();
  private Path dir;
  private TtrpcServer server;
  private TtrpcClient client;
  private KeyValueClient kv;

  @BeforeEach
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "kv");
    String address = "unix://" + dir.resolve("kv.sock");
    // Operator serves Ping only; Wait and New keep their UNIMPLEMENTED defaults.
    OperatorService operator = new OperatorService() {
      @Override
      public Admin ping(Admin.Ping request, ServerContext context) {
        return Admin.newBuilder().setAnswer("pong: " + request.getText()).build();
      }
    };
    // Audit comes from an edition 2023 file.
    AuditService auditService = new AuditService() {
      @Override
      public Empty append(Record request, ServerContext context) {
        audit.add(request);
        return Empty.getDefaultInstance();
      }

      @Override
      public Record tail(ServerStream<Empty, Record> stream) {
        audit.forEach(stream::send);
        return null;
      }
    };
    server = TtrpcServer.builder(address)
        .service(KeyValueTtrpc.bindService(store))
        .service(OperatorTtrpc.bindService(operator))
        .service(AuditTtrpc.bindService(auditService))
        .build()
        .start();
    client = TtrpcClient.connect(address);
    kv = KeyValueClient.of(client);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
    Files.deleteIfExists(dir.resolve("kv.sock"));
    Files.deleteIfExists(dir);
  }

  @Test
  void descriptorsCarryTheWireNamesAndShapes() {
    assertThat(KeyValueTtrpc.SERVICE_NAME).isEqualTo("example.kv.v1.KeyValue");
    assertThat(KeyValueTtrpc.METHOD_GET.fullName()).isEqualTo("example.kv.v1.KeyValue/Get");
    assertThat(KeyValueTtrpc.METHOD_CLOSE_IO.method()).isEqualTo("CloseIO");
    assertThat(KeyValueTtrpc.METHOD_GET.type()).isEqualTo(MethodType.UNARY);
    assertThat(KeyValueTtrpc.METHOD_LIST.type()).isEqualTo(MethodType.SERVER_STREAMING);
    assertThat(KeyValueTtrpc.METHOD_PUT_MANY.type()).isEqualTo(MethodType.CLIENT_STREAMING);
    assertThat(KeyValueTtrpc.METHOD_SYNC.type()).isEqualTo(MethodType.BIDI_STREAMING);
    assertThat(KeyValueTtrpc.bindService(new KeyValueService() {}).methods()).containsOnlyKeys(
        "Get", "Put", "List", "PutMany", "Sync", "CloseIO", "Touch", "Describe", "Compact");
    assertThat(OperatorTtrpc.SERVICE_NAME).isEqualTo("example.kv.admin.v1.Operator");
  }

  @Test
  void unaryBlockingAndAsync() {
    assertThat(kv.put(entry("a/1", "one"))).isEqualTo(Empty.getDefaultInstance());
    Entry got = kv.get(GetRequest.newBuilder().setKey("a/1").build());
    assertThat(got.getValue().toStringUtf8()).isEqualTo("one");
    assertThat(got.getVersion()).isEqualTo(1);

    kv.putAsync(entry("a/1", "uno"), CallOptions.DEFAULT).join();
    assertThat(kv.getAsync(GetRequest.newBuilder().setKey("a/1").build()).join().getVersion()).isEqualTo(2);
    assertThat(kv.get(GetRequest.newBuilder().setKey("a/1").build(), CallOptions.DEFAULT).getValue().toStringUtf8())
        .isEqualTo("uno");
  }

  @Test
  void handlerStatusReachesTheCaller() {
    assertStatus(() -> kv.get(GetRequest.newBuilder().setKey("missing").build()), Code.NOT_FOUND,
        "key missing not found");
    assertThat(kv.getAsync(GetRequest.newBuilder().setKey("missing").build()))
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
  }

  @Test
  void serverStreaming() {
    for (String key : List.of("b/2", "a/2", "a/1", "c/1")) {
      kv.put(entry(key, key));
    }
    List<String> keys = new ArrayList<>();
    try (ClientStream<ListRequest, Entry> s = kv.list(ListRequest.newBuilder().setPrefix("a/").build())) {
      for (Entry e = s.receive(); e != null; e = s.receive()) {
        keys.add(e.getKey());
      }
    }
    assertThat(keys).containsExactly("a/1", "a/2");
    try (ClientStream<ListRequest, Entry> s = kv.list(ListRequest.newBuilder().setPrefix("z").build(),
        CallOptions.DEFAULT)) {
      assertThat(s.receive()).isNull();
    }
  }

  @Test
  void clientStreaming() {
    ClientStream<Entry, PutManySummary> s = kv.putMany();
    s.send(entry("k1", "v1"));
    s.send(entry("k2", "v2"));
    s.send(entry("k1", "v1'"));
    PutManySummary summary = s.closeAndReceive();
    assertThat(summary.getStored()).isEqualTo(3);
    assertThat(summary.getKeysList()).containsExactly("k1", "k2", "k1");
    assertThat(kv.get(GetRequest.newBuilder().setKey("k1").build()).getVersion()).isEqualTo(2);

    assertThat(kv.putMany(CallOptions.DEFAULT).closeAndReceive().getStored()).isZero();
  }

  @Test
  void bidiStreamingInLockstep() {
    kv.put(entry("x", "0"));
    try (ClientStream<Entry, SyncEvent> s = kv.sync()) {
      for (int i = 1; i <= 3; i++) {
        s.send(entry("x", "v" + i).toBuilder().setKind(Entry.Kind.KIND_BINARY).build());
        SyncEvent event = s.receive();
        assertThat(event.getKey()).isEqualTo("x");
        assertThat(event.getKind()).isEqualTo(Entry.Kind.KIND_BINARY);
        assertThat(event.getPreviousVersion()).isEqualTo(i);
      }
      s.send(entry("new", "1"));
      assertThat(s.receive().getPreviousVersion()).isZero();
      s.closeSend();
      assertThat(s.receive()).isNull();
    }
    try (ClientStream<Entry, SyncEvent> s = kv.sync(CallOptions.DEFAULT)) {
      s.closeSend();
      assertThat(s.receive()).isNull();
    }
  }

  @Test
  void acronymMethodName() {
    kv.closeIO(CloseIORequest.newBuilder().setKey("tty").setStdin(true).build());
    kv.closeIOAsync(CloseIORequest.newBuilder().setKey("log").build()).join();
    assertThat(store.closed).extracting(CloseIORequest::getKey).containsExactly("tty", "log");
    assertThat(store.closed.get(0).getStdin()).isTrue();
  }

  @Test
  void nestedMessageOfAnotherFileAndWellKnownTypes() {
    Timestamp when = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5).build();
    Entry.Metadata metadata = Entry.Metadata.newBuilder().setModified(when).putLabels("team", "storage").build();
    assertThat(kv.touch(metadata)).isEqualTo(when);
    assertThat(store.touched).containsExactly(metadata);
  }

  @Test
  void stubDefaultsAndExplicitOptions() {
    CallInfo plain = kv.describe(Empty.getDefaultInstance());
    assertThat(plain.getHasDeadline()).isFalse();
    assertThat(plain.getMetadataList()).isEmpty();

    KeyValueClient tenant = kv.withOptions(CallOptions.DEFAULT.withHeader("X-Tenant", "blue"));
    KeyValueClient bounded = tenant.withTimeout(Duration.ofMinutes(5));
    assertThat(tenant.describe(Empty.getDefaultInstance()).getMetadataList()).containsExactly("x-tenant=blue");
    assertThat(tenant.describe(Empty.getDefaultInstance()).getHasDeadline()).isFalse();
    CallInfo withBoth = bounded.describeAsync(Empty.getDefaultInstance()).join();
    assertThat(withBoth.getMetadataList()).containsExactly("x-tenant=blue");
    assertThat(withBoth.getHasDeadline()).isTrue();
    // Explicit options replace the stub's defaults.
    CallInfo explicit = bounded.describe(Empty.getDefaultInstance(), CallOptions.DEFAULT.withHeader("only", "me"));
    assertThat(explicit.getMetadataList()).containsExactly("only=me");
    assertThat(explicit.getHasDeadline()).isFalse();
    // withOptions/withTimeout return copies: the original stub is unchanged.
    assertThat(kv.describe(Empty.getDefaultInstance())).isEqualTo(plain);
  }

  @Test
  void clientDefaultTimeoutAppliesWhenTheStubHasNone() {
    try (TtrpcClient timed = TtrpcClient.builder(client.address()).defaultTimeout(Duration.ofMinutes(5)).build()) {
      assertThat(KeyValueClient.of(timed).describe(Empty.getDefaultInstance()).getHasDeadline()).isTrue();
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void methodsTheImplementationDoesNotOverrideAreUnimplemented() {
    assertStatus(() -> kv.compact(Empty.getDefaultInstance()), Code.UNIMPLEMENTED, "method Compact");

    OperatorClient operator = OperatorClient.of(client);
    assertThat(operator.ping(Admin.Ping.newBuilder().setText("hi").build()).getAnswer()).isEqualTo("pong: hi");
    assertStatus(() -> operator.new_(Empty.getDefaultInstance()), Code.UNIMPLEMENTED, "method New");
    try (ClientStream<Empty, Admin> s = operator.wait_()) {
      assertStatus(s::receive, Code.UNIMPLEMENTED, "method Wait");
    }
  }

  @Test
  void editions2023File() {
    AuditClient auditClient = AuditClient.of(client);
    auditClient.append(Record.newBuilder().setText("first").build());
    auditClient.append(Record.newBuilder().setText("second").setLevel(1).build());
    List<Record> tail = new ArrayList<>();
    try (ClientStream<Empty, Record> s = auditClient.tail(Empty.getDefaultInstance())) {
      for (Record r = s.receive(); r != null; r = s.receive()) {
        tail.add(r);
      }
    }
    assertThat(tail).extracting(Record::getText, Record::getLevel)
        .containsExactly(tuple("first", 3), tuple("second", 1));
  }

  private static Entry entry(String key, String value) {
    return Entry.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).setKind(Entry.Kind.KIND_TEXT)
        .build();
  }

  private static void assertStatus(ThrowingCallable call, Code code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TtrpcException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.status().message()).isEqualTo(message);
    });
  }
}
